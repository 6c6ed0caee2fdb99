package dev.hindsight.pt.query;

/**
 * An execution mode, libipt's {@code enum pt_exec_mode}, derived from the CS.L and CS.D bits of a
 * MODE.Exec packet.
 */
public enum ExecMode {
    /** Unknown, or the invalid combination CS.L=1, CS.D=1 ({@code ptem_unknown}). */
    UNKNOWN(0),
    /** 16-bit mode ({@code ptem_16bit}). */
    BIT16(16),
    /** 32-bit mode ({@code ptem_32bit}). */
    BIT32(32),
    /** 64-bit mode ({@code ptem_64bit}). */
    BIT64(64);

    private final int bits;

    ExecMode(int bits) {
        this.bits = bits;
    }

    /** The operand width in bits: 16, 32, 64, or 0 for {@link #UNKNOWN}. */
    public int bits() {
        return bits;
    }

    /**
     * The mode for the CS.L and CS.D bits, as libipt's {@code pt_get_exec_mode}.
     *
     * @param csl the CS.L (64-bit code segment) bit
     * @param csd the CS.D (default operand size) bit
     * @return the execution mode
     */
    public static ExecMode of(boolean csl, boolean csd) {
        if (csl) {
            return csd ? UNKNOWN : BIT64;
        }
        return csd ? BIT32 : BIT16;
    }
}
