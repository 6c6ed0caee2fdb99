package dev.hindsight.pt.image;

/**
 * A part of a section mapped into an image (libipt's {@code pt_mapped_section}): bytes
 * {@code [offset, offset + size)} of {@code section} appear at virtual addresses
 * {@code [vaddr, vaddr + size)} of address space {@code asid}.
 *
 * <p>When a new section is added over part of an older one, the image keeps the uncovered parts
 * of the older one as mapped sections with adjusted {@code vaddr}, {@code offset} and
 * {@code size} and the older one's isid.
 *
 * @param section the section
 * @param asid the address space
 * @param vaddr the virtual address of the first mapped byte
 * @param offset the first mapped byte, relative to the section's start
 * @param size the number of mapped bytes
 * @param isid the image section identifier (0 if the section did not come from a cache)
 */
public record MappedSection(Section section, Asid asid, long vaddr, long offset, long size,
        int isid) {

    /** The first address after the mapping (unsigned). */
    public long end() {
        return vaddr + size;
    }

    /**
     * Whether {@code ip} lies inside the mapping (ignoring the address space).
     *
     * @param ip a virtual address
     * @return true if mapped here
     */
    public boolean contains(long ip) {
        return Long.compareUnsigned(ip - vaddr, size) < 0;
    }

    @Override
    public String toString() {
        return section.fileName() + " 0x" + Long.toHexString(vaddr) + "-0x"
                + Long.toHexString(end()) + " (file 0x" + Long.toHexString(section.offset() + offset)
                + ", " + asid + ", isid " + isid + ")";
    }
}
