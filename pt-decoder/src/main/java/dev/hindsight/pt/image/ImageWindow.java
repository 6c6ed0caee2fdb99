package dev.hindsight.pt.image;

import java.nio.ByteBuffer;

/**
 * A caller-owned holder that {@link Image#find(long, Asid, ImageWindow)} fills with the bytes of
 * one mapped section, for readers that decode a block of instructions at a time.
 *
 * <p>{@link #buffer()} is a read-only buffer (direct for files) whose index 0 is virtual address
 * {@link #begin()}; check {@link #contains(long)} before calling {@code find} again. The window
 * keeps its bytes valid even if the cache drops the section's mapping meanwhile. Reused, not
 * thread-safe.
 */
public final class ImageWindow {

    private ByteBuffer buffer;
    private long begin;
    private long size;
    private int isid;
    private MappedSection mapped;

    /** The bytes; index 0 is {@link #begin()}. Null before the first successful find. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** The virtual address of {@code buffer().get(0)}. */
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
     * @return true if {@code buffer().get((int) (ip - begin()))} is valid
     */
    public boolean contains(long ip) {
        return buffer != null && Long.compareUnsigned(ip - begin, size) < 0;
    }

    void set(ByteBuffer buffer, MappedSection mapped) {
        this.buffer = buffer;
        this.mapped = mapped;
        this.begin = mapped.vaddr();
        this.size = mapped.size();
        this.isid = mapped.isid();
    }

    /** Empties the window. */
    public void clear() {
        buffer = null;
        mapped = null;
        begin = 0;
        size = 0;
        isid = 0;
    }
}
