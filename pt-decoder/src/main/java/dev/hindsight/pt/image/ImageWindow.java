package dev.hindsight.pt.image;

import java.nio.ByteBuffer;

/**
 * A caller-owned holder that {@link Image#find(long, Asid, ImageWindow)} fills with the bytes of
 * one mapped section, for readers that decode a block of instructions at a time.
 *
 * <p>{@link #sectionBuffer()} is the section's shared read-only buffer (direct for files;
 * absolute gets only) in which virtual address {@link #begin()} is at index {@link #offset()};
 * check {@link #contains(long)} before calling {@code find} again. Filling the window allocates
 * nothing, so a decoder may switch sections at every block. The window keeps its bytes valid
 * even if the cache drops the section's mapping meanwhile. Reused, not thread-safe.
 */
public final class ImageWindow {

    private ByteBuffer buffer;
    private int offset;
    private long begin;
    private long size;
    private int isid;
    private MappedSection mapped;

    /**
     * The section's bytes, shared: use absolute gets only. Index {@link #offset()} is
     * {@link #begin()} (named apart from the old window-relative {@code buffer()} so code written
     * for that fails to compile). Null before the first successful find.
     */
    public ByteBuffer sectionBuffer() {
        return buffer;
    }

    /** The index in {@link #sectionBuffer()} of the byte at virtual address {@link #begin()}. */
    public int offset() {
        return offset;
    }

    /** The virtual address of the window's first byte, {@code sectionBuffer().get(offset())}. */
    public long begin() {
        return begin;
    }

    /** The number of bytes in the window. */
    public long size() {
        return size;
    }

    /** The isid of the section the bytes come from (0 if not cached). */
    public int isid() {
        return isid;
    }

    /** The mapped section the window shows, or null. */
    public MappedSection mapped() {
        return mapped;
    }

    /**
     * Whether the window holds the byte at {@code ip}.
     *
     * @param ip a virtual address
     * @return true if {@code sectionBuffer().get((int) (ip - begin()) + offset())} is valid
     */
    public boolean contains(long ip) {
        return buffer != null && Long.compareUnsigned(ip - begin, size) < 0;
    }

    void set(ByteBuffer buffer, MappedSection mapped) {
        this.buffer = buffer;
        this.offset = (int) mapped.offset();
        this.mapped = mapped;
        this.begin = mapped.vaddr();
        this.size = mapped.size();
        this.isid = mapped.isid();
    }

    /** Empties the window. */
    public void clear() {
        buffer = null;
        offset = 0;
        mapped = null;
        begin = 0;
        size = 0;
        isid = 0;
    }
}
