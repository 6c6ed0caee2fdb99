package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.Native;
import java.lang.invoke.VarHandle;

/**
 * Reads the data ring of a perf event: the records between {@code data_tail} (ours to write) and
 * {@code data_head} (the kernel's) of {@code struct perf_event_mmap_page}.
 *
 * <p>Ordering follows the kernel's contract (linux/perf_event.h, tools/lib/perf mmap.c): load
 * data_head, then an acquire fence before reading any record bytes (the kernel writes the data
 * before publishing head); after the records are consumed, a release fence before storing
 * data_tail, so the kernel cannot overwrite bytes still being read. A record that runs past the
 * end of the ring continues at its start and is joined in the holder. When the reader falls
 * behind, the kernel drops records and later writes a PERF_RECORD_LOST with the count.
 *
 * <p>Not thread-safe; {@link #next} allocates only when a record is larger than any before.
 */
public final class PerfRing implements AutoCloseable {
    /** Record type: samples were lost (u64 id, u64 lost). */
    public static final int RECORD_LOST = 2;
    /** Record type: a sample. */
    public static final int RECORD_SAMPLE = 9;
    /** Record type: an executable mapping, with inode data. */
    public static final int RECORD_MMAP2 = 10;

    /** Record type: the kernel wrote AUX data (u64 aux_offset, u64 aux_size, u64 flags). */
    public static final int RECORD_AUX = 11;

    private static final long DATA_HEAD = MmapPage.DATA_HEAD;
    private static final long DATA_TAIL = MmapPage.DATA_TAIL;
    private static final long DATA_OFFSET = MmapPage.DATA_OFFSET;
    private static final long DATA_SIZE = MmapPage.DATA_SIZE;

    private final long address;
    private final long length;
    private final RingMemory base;
    private final long dataOffset;
    private final long dataSize;
    private long head;
    private long tail;
    private boolean closed;

    PerfRing(long address, long length) {
        this(address, length, RingMemory.ofAddress(address, length));
    }

    private PerfRing(long address, long length, RingMemory base) {
        this.address = address;
        this.length = length;
        this.base = base;
        long off = base.getLong(DATA_OFFSET);
        long size = base.getLong(DATA_SIZE);
        // Kernels before 4.1 leave data_offset/size zero: data starts after the first page.
        this.dataOffset = off != 0 ? off : 4096;
        this.dataSize = size != 0 ? size : length - 4096;
        this.tail = base.getLong(DATA_TAIL);
        this.head = tail;
    }

    /**
     * A mutable holder of one record: its header fields and its bytes (header included) in
     * {@link #data}, little-endian.
     */
    public static final class Record {
        /** perf_event_header.type. */
        public int type;
        /** perf_event_header.misc. */
        public int misc;
        /** perf_event_header.size: the record's length in bytes. */
        public int size;
        /** The ring position (bytes since the ring's start) the record began at. */
        public long position;
        /** The record's bytes; only the first {@link #size} are valid. */
        public byte[] data = new byte[256];

        /** The u64 at byte {@code offset} of the record. */
        public long u64(int offset) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (data[offset + i] & 0xff);
            }
            return v;
        }

        /** The u32 at byte {@code offset} of the record. */
        public int u32(int offset) {
            return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8
                    | (data[offset + 2] & 0xff) << 16 | (data[offset + 3] & 0xff) << 24;
        }
    }

    /**
     * A ring over memory laid out as the kernel lays it out ({@link MmapPage} then the data
     * area), {@code length} bytes in all; closing it unmaps nothing. For tests and for rings
     * mapped elsewhere.
     */
    public static PerfRing over(RingMemory memory, long length) {
        return new PerfRing(0, length, memory);
    }

    /** The ring's data size in bytes. */
    public long dataSize() {
        return dataSize;
    }

    /** How many bytes the reader has consumed since the ring was mapped (data_tail). */
    public long tail() {
        return tail;
    }

    /**
     * Fills {@code r} with the next record and returns 1, or returns 0 when the kernel has
     * written nothing more. Consumed space is handed back to the kernel at once.
     *
     * @throws IllegalStateException on a corrupt header (size below 8 or beyond the ring)
     */
    public int next(Record r) {
        if (tail == head) {
            head = base.getLong(DATA_HEAD);
            VarHandle.acquireFence();
            if (tail == head) {
                return 0;
            }
        }
        long mask = dataSize - 1;
        long at = tail & mask;
        copy(at, r.data, 0, 8);
        int size = (r.data[6] & 0xff) | (r.data[7] & 0xff) << 8;
        if (size < 8 || size > head - tail) {
            throw new IllegalStateException("corrupt perf record header at ring position " + tail
                    + ": size " + size);
        }
        if (r.data.length < size) {
            byte[] bigger = new byte[Math.max(size, r.data.length * 2)];
            System.arraycopy(r.data, 0, bigger, 0, 8);
            r.data = bigger;
        }
        copy((at + 8) & mask, r.data, 8, size - 8);
        r.type = r.u32(0);
        r.misc = (r.data[4] & 0xff) | (r.data[5] & 0xff) << 8;
        r.size = size;
        r.position = tail;
        tail += size;
        VarHandle.releaseFence();
        base.putLong(DATA_TAIL, tail);
        return 1;
    }

    private void copy(long at, byte[] dst, int off, int len) {
        long first = Math.min(len, dataSize - at);
        base.get(dataOffset + at, dst, off, (int) first);
        if (first < len) {
            base.get(dataOffset, dst, off + (int) first, (int) (len - first));
        }
    }

    /** Unmaps the ring. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (address != 0) {
                Native.libc().munmap(address, length);
            }
        }
    }
}
