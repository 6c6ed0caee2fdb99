package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * Memory a perf ring lives in: the kernel's mmap'ed pages, or a byte buffer laid out the same way
 * (tests synthesise the metadata page, data and AUX areas in one). Offsets are bytes from the
 * start; values are little-endian.
 */
public interface RingMemory {
    /** The u64 at {@code offset}. */
    long getLong(long offset);

    /** Stores the u64 {@code value} at {@code offset}. */
    void putLong(long offset, long value);

    /** Copies {@code len} bytes at {@code offset} into {@code dst[dstOffset..]}. */
    void get(long offset, byte[] dst, int dstOffset, int len);

    /** Memory over {@code buffer} (absolute indexes; its position and order are ignored). */
    static RingMemory of(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new RingMemory() {
            @Override
            public long getLong(long offset) {
                return b.getLong(Math.toIntExact(offset));
            }

            @Override
            public void putLong(long offset, long value) {
                b.putLong(Math.toIntExact(offset), value);
            }

            @Override
            public void get(long offset, byte[] dst, int dstOffset, int len) {
                b.get(Math.toIntExact(offset), dst, dstOffset, len);
            }
        };
    }

    /** Memory at a native address mapped for {@code length} bytes. */
    static RingMemory ofAddress(long address, long length) {
        Pointer p = Pointer.wrap(Native.runtime(), address, length);
        return new RingMemory() {
            @Override
            public long getLong(long offset) {
                return p.getLong(offset);
            }

            @Override
            public void putLong(long offset, long value) {
                p.putLong(offset, value);
            }

            @Override
            public void get(long offset, byte[] dst, int dstOffset, int len) {
                p.get(offset, dst, dstOffset, len);
            }
        };
    }
}
