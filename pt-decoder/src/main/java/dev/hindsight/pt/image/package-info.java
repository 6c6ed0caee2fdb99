/**
 * Layer 2 (pt-decoder, image): the memory image that instruction-flow, BTS and history decoding
 * read code bytes from.
 *
 * <p>Mirrors libipt's {@code pt_section}, {@code pt_image} and {@code pt_image_section_cache}:
 * a {@link dev.hindsight.pt.image.Section} is a read-only range of a file (memory-mapped, never
 * copied) or of memory; an {@link dev.hindsight.pt.image.Image} maps sections at virtual
 * addresses per address space ({@link dev.hindsight.pt.image.Asid}); a
 * {@link dev.hindsight.pt.image.SectionCache} shares sections between images and decoders, names
 * them by isid and limits the bytes kept mapped. Loaders build images from ptxed's {@code --raw}
 * and {@code --elf} arguments and from libxdc page dumps.
 *
 * <p>Addresses are unsigned 64-bit values held in {@code long}. {@link
 * dev.hindsight.pt.image.Image#read(byte[], int, long, Asid)} is on the decoder's hot path: it
 * allocates nothing and returns {@code -PtError.NOMAP.code()} where nothing is mapped.
 */
package dev.hindsight.pt.image;
