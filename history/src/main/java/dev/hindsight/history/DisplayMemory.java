package dev.hindsight.history;

import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;

/**
 * The memory a session shows (gdb's {@code x}, {@code print}, disassembly), with record-btrace's
 * rules (spec §6.2, {@code record_btrace_target::xfer_partial}): at the live position reads go to
 * the live process; while replaying with {@code replay-memory-access read-only} (the default)
 * they succeed only inside read-only sections of the loaded objects, everything else is
 * unavailable; {@code read-write} forwards every read to the live process (whose memory is that
 * of the end of the trace). Without a live process (a recorded bundle) the read-only sections are
 * read from the recorded images and everything else is unavailable.
 */
public final class DisplayMemory {
    /** {@link #read}'s answer when the rules make the memory unavailable (gdb's {@code <unavailable>}). */
    public static final int UNAVAILABLE = -1;

    private final Image image;
    private final ObjectFiles objects;
    private final TargetMemory live;

    /**
     * @param image the recorded images (code bytes)
     * @param objects the loaded objects (which sections are read-only)
     * @param live the live process, or {@code null} for none
     */
    public DisplayMemory(Image image, ObjectFiles objects, TargetMemory live) {
        this.image = image;
        this.objects = objects;
        this.live = live;
    }

    /** Whether reads can reach a live process. */
    public boolean hasLiveProcess() {
        return live != null;
    }

    /**
     * Reads up to {@code length} bytes at {@code address}.
     *
     * @param replaying whether the session is replaying (not at the live position)
     * @param readWrite whether {@code replay-memory-access} is {@code read-write}
     * @return how many bytes were read (fewer at the end of what may be read), 0 when nothing can
     *     be read at {@code address} (gdb's "Cannot access memory"), or {@link #UNAVAILABLE}
     */
    public int read(long address, byte[] buffer, int offset, int length, boolean replaying, boolean readWrite) {
        if (length <= 0) {
            return 0;
        }
        if (live != null && (!replaying || readWrite)) {
            return Math.max(0, live.read(address, buffer, offset, length));
        }
        long end = objects.readOnlyEnd(address);
        if (end == -1) {
            return UNAVAILABLE;
        }
        int n = (int) Math.min(length, end - address);
        if (live != null) {
            return Math.max(0, live.read(address, buffer, offset, n));
        }
        return fromImage(address, buffer, offset, n);
    }

    /**
     * Writes {@code length} bytes at {@code address}, as gdb's {@code set {int}ADDRESS = VALUE}:
     * only a live process can be written, and while replaying only under {@code read-write}
     * (record-btrace refuses writes otherwise, which gdb reports as it reports unreadable memory).
     *
     * @throws HistoryError {@code Cannot access memory at address 0x...} when the write is refused or fails
     */
    public void write(long address, byte[] data, int length, boolean replaying, boolean readWrite) {
        if (live == null || replaying && !readWrite || !live.write(address, data, length)) {
            throw new HistoryError(String.format(java.util.Locale.ROOT, "Cannot access memory at address 0x%x",
                    address));
        }
    }

    /**
     * Reads instruction bytes for disassembly: as {@link #read}, but where the rules give
     * nothing the recorded images answer (they are copies of executable memory, read-only by
     * nature: a vdso, code without an object file).
     *
     * @return how many bytes were read, 0 for none
     */
    public int readCode(long address, byte[] buffer, int length, boolean replaying, boolean readWrite) {
        int n = read(address, buffer, 0, length, replaying, readWrite);
        return n > 0 ? n : fromImage(address, buffer, 0, length);
    }

    private int fromImage(long address, byte[] buffer, int offset, int length) {
        byte[] b = offset == 0 ? buffer : new byte[length];
        int n = image.read(b, length, address, Asid.ANY);
        if (n <= 0) {
            return 0;
        }
        if (b != buffer) {
            System.arraycopy(b, 0, buffer, offset, n);
        }
        return n;
    }
}
