package dev.hindsight.pt.image;

/**
 * An address space: the CR3 and VMCS base that identify a process and a virtual machine
 * (libipt's {@code struct pt_asid}).
 *
 * <p>Either field may be "not given" ({@link #NO_CR3}, {@link #NO_VMCS}), which matches any value
 * ({@code pt_asid_match()}); {@link #ANY} gives neither and so matches every address space.
 *
 * @param cr3 the CR3 value, or {@link #NO_CR3}
 * @param vmcs the VMCS base address, or {@link #NO_VMCS}
 */
public record Asid(long cr3, long vmcs) {

    /** CR3 not given (libipt's {@code pt_asid_no_cr3}, all ones). */
    public static final long NO_CR3 = -1L;

    /** VMCS not given (libipt's {@code pt_asid_no_vmcs}, all ones). */
    public static final long NO_VMCS = -1L;

    /** The default address space: matches all. */
    public static final Asid ANY = new Asid(NO_CR3, NO_VMCS);

    /**
     * The address space of one process, in any virtual machine.
     *
     * @param cr3 the CR3 value
     * @return the address space
     */
    public static Asid ofCr3(long cr3) {
        return new Asid(cr3, NO_VMCS);
    }

    /**
     * Whether the two address spaces may be the same: each field is equal or not given on one
     * side (libipt's {@code pt_asid_match()}).
     *
     * @param other the other address space
     * @return true if they match
     */
    public boolean matches(Asid other) {
        return other == this || ((cr3 == other.cr3 || cr3 == NO_CR3 || other.cr3 == NO_CR3)
                && (vmcs == other.vmcs || vmcs == NO_VMCS || other.vmcs == NO_VMCS));
    }

    @Override
    public String toString() {
        if (cr3 == NO_CR3 && vmcs == NO_VMCS) {
            return "any";
        }
        return "cr3=" + (cr3 == NO_CR3 ? "any" : Long.toHexString(cr3))
                + ",vmcs=" + (vmcs == NO_VMCS ? "any" : Long.toHexString(vmcs));
    }
}
