package dev.hindsight.pt.libipt;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A range of a file mapped at a virtual address: what libipt's {@code pt_image_add_file} takes.
 *
 * @param file   the file
 * @param offset the first file offset mapped
 * @param size   the number of bytes mapped
 * @param vaddr  the virtual address of {@code offset}
 */
public record FileRange(Path file, long offset, long size, long vaddr) {
    public FileRange {
        Objects.requireNonNull(file, "file");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException(file + ": negative offset or size");
        }
    }
}
