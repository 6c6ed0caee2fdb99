package dev.hindsight.pt.sideband;

import java.nio.file.Path;

/**
 * One file range a process mapped, as a sideband MMAP record described it: {@code size} bytes
 * of {@code path} from {@code offset}, seen at {@code vaddr}. In a {@link ProcessContext} later
 * mappings replace the overlapping parts of earlier ones, as {@code pt_image_add_file} does.
 *
 * @param name   the file name as the record gave it (after any sysroot prefix)
 * @param path   where the file is, resolved against the session's base directory
 * @param offset the first mapped byte of the file
 * @param size   the number of bytes, already cut to the end of the file
 * @param vaddr  the virtual address of the byte at {@code offset}
 */
public record MappedFile(String name, Path path, long offset, long size, long vaddr) {
}
