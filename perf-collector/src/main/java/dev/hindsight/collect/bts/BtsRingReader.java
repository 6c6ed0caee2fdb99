package dev.hindsight.collect.bts;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.RingMemory;
import java.io.ByteArrayOutputStream;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the branch samples of a BTS perf event from its read-only data ring, as gdb does
 * (spec §10.1, {@code perf_event_read_bts}): the ring is mapped read-only, so the kernel
 * overwrites old data and never waits; {@code data_head} (acquire) marks the newest byte, and
 * the last {@code min(size, head)} bytes are walked backwards in 24-byte steps from head,
 * reassembling a sample split by the wrap. A PERF_RECORD_SAMPLE of size 24 is one branch
 * (from = ip, to = addr); a PERF_RECORD_LOST of size 24 marks lost samples and becomes a gap;
 * anything else ends the walk with a warning (older data is then dropped), as gdb's
 * "Branch trace may be incomplete." does.
 *
 * <p>The output is oldest first, in the DS save area's 24-byte form (from, to, flags 0), with
 * branches from kernel code dropped, so the BTS decoder reads it like software recordings.
 */
public final class BtsRingReader {
    private static final int SAMPLE = 9;
    private static final int LOST = 2;
    private static final int RECORD = 24;

    /**
     * What one read found.
     *
     * @param records the DS-form records, oldest first
     * @param gaps where samples were lost (offsets in bytes of {@code records})
     * @param head the data_head the read saw
     * @param warning a warning, or null
     */
    public record Result(byte[] records, List<BundleManifest.Gap> gaps, long head, String warning) {
        /** The number of branch records. */
        public int count() {
            return records.length / RECORD;
        }
    }

    private final RingMemory ring;
    private final long dataOffset;
    private final long dataSize;
    private final long kernelStart;

    /**
     * A reader of the ring in {@code ring} (metadata page first).
     *
     * @param pages the data pages mapped, used when the kernel leaves data_offset/size zero
     * @param kernelStart the kernel's start address (0: bit 63 marks kernel addresses)
     * @throws IllegalStateException when data_size does not fit 32 bits or is not a power of two
     */
    public BtsRingReader(RingMemory ring, int pages, long kernelStart) {
        this.ring = ring;
        long off = ring.getLong(MmapPage.DATA_OFFSET);
        long size = ring.getLong(MmapPage.DATA_SIZE);
        this.dataOffset = off != 0 ? off : 4096;
        this.dataSize = size != 0 ? size : (long) pages * 4096;
        if (dataSize > 0xffffffffL || Long.bitCount(dataSize) != 1) {
            throw new IllegalStateException("Failed to determine trace buffer size.");
        }
        this.kernelStart = kernelStart;
    }

    /** The data area's size: the granted buffer size. */
    public long dataSize() {
        return dataSize;
    }

    /** Reads everything the ring holds now. */
    public Result read() {
        long head = ring.getLong(MmapPage.DATA_HEAD);
        VarHandle.acquireFence();
        long available = Math.min(dataSize, head);
        long n = available / RECORD;
        ByteBuffer rec = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        // Newest first while walking: {from, to, 1} of a branch, or {LOST, count, 0}.
        List<long[]> newestFirst = new ArrayList<>();
        String warning = null;
        long pos = head;
        for (long i = 0; i < n; i++) {
            pos -= RECORD;
            copy(pos, rec.array());
            int type = rec.getInt(0);
            int size = Short.toUnsignedInt(rec.getShort(6));
            if (size != RECORD || (type != SAMPLE && type != LOST)) {
                warning = "Branch trace may be incomplete.";
                break;
            }
            if (type == LOST) {
                newestFirst.add(new long[] {LOST, rec.getLong(16), 0});
                continue;
            }
            long from = rec.getLong(8);
            long to = rec.getLong(16);
            if (KernelStart.isKernel(from, kernelStart)) {
                continue;
            }
            newestFirst.add(new long[] {from, to, 1});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer ds = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
        List<BundleManifest.Gap> gaps = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            long[] e = newestFirst.get(i);
            if (e[2] == 0) {
                gaps.add(new BundleManifest.Gap(out.size(), "lost", e[1]));
                continue;
            }
            ds.clear();
            ds.putLong(e[0]).putLong(e[1]).putLong(0);
            out.write(ds.array(), 0, RECORD);
        }
        return new Result(out.toByteArray(), gaps, head, warning);
    }

    private void copy(long pos, byte[] dst) {
        long at = pos & (dataSize - 1);
        int first = (int) Math.min(RECORD, dataSize - at);
        ring.get(dataOffset + at, dst, 0, first);
        if (first < RECORD) {
            ring.get(dataOffset, dst, first, RECORD - first);
        }
    }
}
