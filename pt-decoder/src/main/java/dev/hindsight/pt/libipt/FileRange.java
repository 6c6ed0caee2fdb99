package dev.hindsight.pt.libipt;

import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.MappedSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    /**
     * The sections of an image as file ranges, for libipt's own image.
     *
     * @throws IllegalArgumentException if a section is not backed by a file
     */
    public static List<FileRange> of(Image image) {
        List<FileRange> ranges = new ArrayList<>();
        for (MappedSection m : image.sections()) {
            if (!m.section().isFile()) {
                throw new IllegalArgumentException("image section " + m.section().fileName()
                        + " is not backed by a file");
            }
            ranges.add(new FileRange(m.section().path(), m.section().offset() + m.offset(), m.size(), m.vaddr()));
        }
        return ranges;
    }

    public FileRange {
        Objects.requireNonNull(file, "file");
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException(file + ": negative offset or size");
        }
    }
}
