package dev.hindsight.collect.pt;

import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.RingMemory;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.VarHandle;

/**
 * Reads the AUX area of an Intel PT event, where the hardware writes the packets.
 *
 * <p>Full mode ({@link #drain}): the bytes between our {@code aux_tail} and the kernel's
 * {@code aux_head} are copied out in order, joining the piece that wraps past the end of the
 * area; then {@code aux_tail} is stored so the kernel may reuse the space. Ordering follows
 * linux/perf_event.h: load {@code aux_head}, acquire fence, read the data; release fence, store
 * {@code aux_tail}. When the reader falls behind, the kernel stops tracing and reports a
 * PERF_RECORD_AUX with the TRUNCATED flag in the data ring.
 *
 * <p>Snapshot mode ({@link #snapshot}): the area is mapped read-only and the kernel wraps
 * freely; the whole buffer is copied in chronological order, from {@code aux_head mod size} to
 * the end, then from the start to {@code aux_head mod size} (spec §10.2; never-written zero bytes
 * decode as PT padding).
 */
public final class AuxReader {
    private final RingMemory page;
    private final RingMemory aux;
    private final long auxBase;
    private final long size;
    private final byte[] chunk = new byte[1 << 16];
    private long tail;
    private long lastHead = -1;

    /**
     * A reader of the AUX area of {@code size} bytes (a power of two) at {@code auxBase} in
     * {@code aux}, controlled by the metadata page {@code page}.
     */
    public AuxReader(RingMemory page, RingMemory aux, long auxBase, long size) {
        if (size <= 0 || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("AUX size " + size + " is not a power of two");
        }
        this.page = page;
        this.aux = aux;
        this.auxBase = auxBase;
        this.size = size;
        this.tail = page.getLong(MmapPage.AUX_TAIL);
    }

    /** The AUX area's size. */
    public long size() {
        return size;
    }

    /** How many bytes {@link #drain} has consumed (our aux_tail). */
    public long tail() {
        return tail;
    }

    /**
     * Full mode: copies the new bytes to {@code out} and hands the space back to the kernel.
     *
     * @return the number of bytes copied
     * @throws IllegalStateException when aux_head moved backwards or more than the area's size
     *     ahead (a broken ring)
     */
    public long drain(OutputStream out) throws IOException {
        long head = page.getLong(MmapPage.AUX_HEAD);
        VarHandle.acquireFence();
        long n = head - tail;
        if (n < 0 || n > size) {
            throw new IllegalStateException("AUX head 0x" + Long.toHexString(head)
                    + " is not within the area ahead of tail 0x" + Long.toHexString(tail));
        }
        copy(tail, n, out);
        tail = head;
        VarHandle.releaseFence();
        page.putLong(MmapPage.AUX_TAIL, tail);
        return n;
    }

    /**
     * Snapshot mode: copies the whole area in chronological order to {@code out}, or nothing
     * when aux_head has not moved since the last snapshot.
     *
     * @return the number of bytes copied
     */
    public long snapshot(OutputStream out) throws IOException {
        long head = page.getLong(MmapPage.AUX_HEAD);
        VarHandle.acquireFence();
        if (head == lastHead) {
            return 0;
        }
        lastHead = head;
        copy(head & (size - 1), size, out);
        return size;
    }

    /** Copies {@code n} bytes from ring position {@code from}, wrapping at the end. */
    private void copy(long from, long n, OutputStream out) throws IOException {
        long pos = from & (size - 1);
        long left = n;
        while (left > 0) {
            int len = (int) Math.min(Math.min(left, size - pos), chunk.length);
            aux.get(auxBase + pos, chunk, 0, len);
            out.write(chunk, 0, len);
            left -= len;
            pos = (pos + len) & (size - 1);
        }
    }
}
