package dev.hindsight.pt.image;

/**
 * One entry of a {@link SectionCache}: a section and the address it is loaded at, named by its
 * image section identifier.
 *
 * @param isid the identifier, 1 or more
 * @param section the section
 * @param vaddr the virtual address of the section's first byte
 */
public record CachedSection(int isid, Section section, long vaddr) {
}
