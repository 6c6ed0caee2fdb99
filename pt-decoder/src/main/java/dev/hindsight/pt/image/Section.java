package dev.hindsight.pt.image;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A read-only range of bytes that an {@link Image} maps at a virtual address (libipt's
 * {@code pt_section}): part of a file, memory-mapped and never copied, or a memory buffer.
 *
 * <p>A file section is mapped on first use and stays mapped until the {@link SectionCache} it
 * belongs to drops it to respect its limit; it is mapped again when needed. A section is
 * thread-safe and may be shared by many images.
 */
public final class Section {

    private final String fileName;
    private final Path path;
    private final long offset;
    private final long size;
    /** Memory sections: the bytes (read-only, position 0, limit size); file sections: null. */
    private final ByteBuffer memory;
    /** File sections: the current mapping or null; written under this, read without. */
    private volatile ByteBuffer mapped;
    /** The cache's {@link SectionCache#tick()} at the last use; orders its pruning. */
    private volatile long lastUse;
    /** The cache this section is attached to, or null (libipt's pt_section_attach). */
    private volatile SectionCache cache;

    private Section(String fileName, Path path, long offset, long size, ByteBuffer memory) {
        this.fileName = fileName;
        this.path = path;
        this.offset = offset;
        this.size = size;
        this.memory = memory;
    }

    /**
     * A range of a file, as libipt's {@code pt_mk_section()}: {@code size} is cut to the end of
     * the file, and {@code offset} must lie inside it.
     *
     * @param file the file; its {@code toString()} is the section's file name
     * @param offset where the range starts in the file
     * @param size the length; {@code -1} (all ones, 2^64-1) means the rest of the file
     * @return the section, not yet mapped
     * @throws ImageLoadException when the file is missing or unreadable, the offset is not
     *     inside it, or the range is larger than 2 GiB
     */
    public static Section ofFile(Path file, long offset, long size) throws ImageLoadException {
        String name = file.toString();
        long fileSize;
        try {
            if (Files.isDirectory(file)) {
                throw new ImageLoadException(name, "is a directory");
            }
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(name, "no such file", e);
        } catch (IOException e) {
            throw new ImageLoadException(name, "cannot read: " + e.getMessage(), e);
        }
        if (!Files.isReadable(file)) {
            throw new ImageLoadException(name, "cannot read: permission denied");
        }
        if (Long.compareUnsigned(offset, fileSize) >= 0) {
            throw new ImageLoadException(name, "offset 0x" + Long.toHexString(offset)
                    + " is beyond the end of the file (0x" + Long.toHexString(fileSize)
                    + " bytes)");
        }
        long available = fileSize - offset;
        long length = Long.compareUnsigned(size, available) < 0 ? size : available;
        if (length > Integer.MAX_VALUE) {
            throw new ImageLoadException(name, "section of 0x" + Long.toHexString(length)
                    + " bytes is larger than the 2 GiB a section can map");
        }
        return new Section(name, file, offset, length, null);
    }

    /**
     * A section over memory the caller owns; the bytes are not copied, so the caller must not
     * change them while the section is in use.
     *
     * @param name a name for the section (its "file name")
     * @param bytes the bytes, from position to limit
     * @return the section
     */
    public static Section ofBuffer(String name, ByteBuffer bytes) {
        Objects.requireNonNull(name, "name");
        ByteBuffer view = bytes.slice().asReadOnlyBuffer();
        return new Section(name, null, 0, view.remaining(), view);
    }

    /**
     * A section over a byte array (not copied).
     *
     * @param name a name for the section (its "file name")
     * @param bytes the bytes
     * @return the section
     */
    public static Section ofBytes(String name, byte[] bytes) {
        return ofBuffer(name, ByteBuffer.wrap(bytes));
    }

    /** The file name (the path as given), or the name of a memory section. */
    public String fileName() {
        return fileName;
    }

    /** The file, or null for a memory section. */
    public Path path() {
        return path;
    }

    /** Whether this section is part of a file. */
    public boolean isFile() {
        return path != null;
    }

    /** Where the range starts in the file (0 for memory sections). */
    public long offset() {
        return offset;
    }

    /** The number of bytes. */
    public long size() {
        return size;
    }

    /**
     * The bytes: a read-only buffer with position 0 and limit {@link #size()}; direct (mapped)
     * for a file section. Maps the file if needed.
     *
     * @return the bytes
     * @throws UncheckedIOException when the file can no longer be mapped
     */
    public ByteBuffer buffer() {
        ByteBuffer b = map();
        if (b == null) {
            throw new UncheckedIOException(new IOException(fileName + ": cannot map 0x"
                    + Long.toHexString(size) + " bytes at offset 0x" + Long.toHexString(offset)));
        }
        return b.duplicate();
    }

    /**
     * Copies bytes from the section (libipt's {@code pt_section_read()}): at most {@code len},
     * fewer at the end of the section.
     *
     * @param dst where to copy to
     * @param dstOffset the first index in {@code dst}
     * @param len the most bytes to copy
     * @param sectionOffset where to start, relative to the section's first byte
     * @return the number of bytes copied, {@code -PtError.NOMAP.code()} if the offset is outside
     *     the section, {@code -PtError.BAD_IMAGE.code()} if the file cannot be mapped
     */
    public int read(byte[] dst, int dstOffset, int len, long sectionOffset) {
        if (Long.compareUnsigned(sectionOffset, size) >= 0) {
            return -PtError.NOMAP.code();
        }
        ByteBuffer b = map();
        if (b == null) {
            return -PtError.BAD_IMAGE.code();
        }
        int n = (int) Math.min(len, size - sectionOffset);
        b.get((int) sectionOffset, dst, dstOffset, n);
        return n;
    }

    /**
     * The section's bytes, mapping the file if needed and telling the cache (LRU); null if the
     * file cannot be mapped. The returned buffer is shared: use absolute gets only.
     */
    ByteBuffer map() {
        if (memory != null) {
            return memory;
        }
        SectionCache c = cache;
        ByteBuffer b = mapped;
        if (b != null) {
            // Already mapped: only note the use, for the cache's least-recently-used order.
            if (c != null) {
                lastUse = c.tick();
            }
            return b;
        }
        synchronized (this) {
            b = mapped;
            if (b == null) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    b = ch.map(FileChannel.MapMode.READ_ONLY, offset, size).asReadOnlyBuffer();
                } catch (IOException | UncheckedIOException e) {
                    return null;
                }
                mapped = b;
            }
        }
        if (c != null) {
            lastUse = c.tick();
            c.notifyMap(this);
        }
        return b;
    }

    /** When the section was last used, on its cache's clock. */
    long lastUse() {
        return lastUse;
    }

    /** Drops the mapping; the memory goes when no image or window uses it any more. */
    synchronized void unmap() {
        mapped = null;
    }

    /** Whether the file is mapped now (memory sections always are). */
    public boolean isMapped() {
        return memory != null || mapped != null;
    }

    /** The bytes this section keeps mapped, which count against a cache's limit. */
    long memsize() {
        return memory != null ? 0 : size;
    }

    SectionCache cache() {
        return cache;
    }

    void attach(SectionCache c) {
        cache = c;
    }

    @Override
    public String toString() {
        return fileName + "[0x" + Long.toHexString(offset) + "+0x" + Long.toHexString(size) + "]";
    }
}
