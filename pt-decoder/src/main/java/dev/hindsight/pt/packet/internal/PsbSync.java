package dev.hindsight.pt.packet.internal;

import dev.hindsight.pt.PtError;
import java.nio.ByteBuffer;

/**
 * The search for PSB packets, mirroring libipt's {@code pt_sync.c}.
 *
 * <p>A PSB is {@code 02 82} repeated eight times (SDM 33.4.2.17). libipt scans whole aligned
 * 64-bit words for the repeating payload pattern and then walks back to the packet start; it
 * aligns by memory address, which for its malloc'ed trace buffer is the same as aligning the
 * offset into the trace. We align the offset.
 */
public final class PsbSync {
    /** The PSB size in bytes. */
    public static final int PSB_SIZE = 16;

    private static final long PATTERN_LOHI = 0x0282028202820282L;
    private static final long PATTERN_HILO = 0x8202820282028202L;

    private PsbSync() {
    }

    /**
     * Checks that a complete PSB starts at {@code pos} (libipt {@code pt_pkt_read_psb}).
     *
     * @return {@link #PSB_SIZE}, {@code -EOS} if truncated, {@code -BAD_PACKET} if the payload is wrong
     */
    public static int readPsb(ByteBuffer buf, int pos, int end) {
        if (end - pos < PSB_SIZE) {
            return -PtError.EOS.code();
        }
        for (int p = pos + 2; p < pos + PSB_SIZE; p += 2) {
            if (buf.get(p) != 0x02 || buf.get(p + 1) != (byte) 0x82) {
                return -PtError.BAD_PACKET.code();
            }
        }
        return PSB_SIZE;
    }

    /** Finds the PSB whose payload contains {@code pos}, or returns -1 (libipt {@code pt_find_psb}). */
    private static int findPsb(ByteBuffer buf, int pos, int end) {
        // PSB is an extended opcode: do not take the ext byte of the next packet as ours.
        if (buf.get(pos) != 0x02) {
            pos++;
        }
        for (; pos + 1 < end; pos += 2) {
            if (buf.get(pos) != 0x02 || buf.get(pos + 1) != (byte) 0x82) {
                break;
            }
        }
        pos -= PSB_SIZE;
        if (pos < 0) {
            return -1;
        }
        if (buf.get(pos) != 0x02 || buf.get(pos + 1) != (byte) 0x82) {
            return -1;
        }
        return readPsb(buf, pos, end) < 0 ? -1 : pos;
    }

    private static boolean isPattern(long word) {
        return word == PATTERN_LOHI || word == PATTERN_HILO;
    }

    /**
     * The first PSB at or after {@code start} (libipt {@code pt_sync_forward}).
     *
     * @return its offset, {@code -EOS} if there is none, {@code -INTERNAL} if {@code start} is out of bounds
     */
    public static int forward(ByteBuffer buf, int start, int end) {
        if (start < 0 || start > end) {
            return -PtError.INTERNAL.code();
        }
        int pos = (start + 7) & ~7;
        for (;;) {
            int current = pos;
            pos += 8;
            if (end < pos) {
                return -PtError.EOS.code();
            }
            if (!isPattern(buf.getLong(current))) {
                continue;
            }
            int psb = findPsb(buf, current, end);
            // A search that starts inside a PSB may find it; only take it if it starts at start.
            if (psb < 0 || psb < start) {
                continue;
            }
            return psb;
        }
    }

    /**
     * The last PSB whose payload lies in an aligned word before {@code from} (libipt
     * {@code pt_sync_backward}).
     *
     * @return its offset, {@code -EOS} if there is none, {@code -INTERNAL} if {@code from} is out of bounds
     */
    public static int backward(ByteBuffer buf, int from, int end) {
        if (from < 0 || from > end) {
            return -PtError.INTERNAL.code();
        }
        int pos = from & ~7;
        for (;;) {
            pos -= 8;
            if (pos < 0) {
                return -PtError.EOS.code();
            }
            if (!isPattern(buf.getLong(pos))) {
                continue;
            }
            int psb = findPsb(buf, pos, end);
            if (psb < 0) {
                continue;
            }
            return psb;
        }
    }
}
