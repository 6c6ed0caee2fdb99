package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;
import java.util.Arrays;

/**
 * Reads an instruction's bytes from a memory image and decodes them, libipt's
 * {@code pt_insn_decode}.
 *
 * <p>An instruction may straddle two sections: the first read stops at the end of the section
 * holding {@code ip}, so when the decode fails for lack of bytes the rest is read from whatever
 * follows (libipt's {@code pt_insn_decode_retry}) and the instruction is marked truncated. The
 * section id is that of the first byte.
 *
 * <p>Decoded instructions are memoized by address and mode, with their bytes: when the bytes
 * read at an address are those of the memoized instruction, its decode is handed out again.
 * The block decoder steps through the same code without its block cache over and over (to the
 * IP of a disable event, for example), and the x86 decoder was most of that cost. A decode
 * depends only on the instruction's bytes, address and mode, so this gives the same result.
 */
public final class InsnFetcher {
    private static final int MAX = InsnDecoder.MAX_INSN_SIZE;

    private static final int MEMO_BITS = 10;
    private static final int MEMO_SIZE = 1 << MEMO_BITS;

    private int isid;
    private int size;
    private boolean truncated;

    // The memo, direct-mapped: address, mode ordinal + 1 (0: empty), bytes and decode.
    private final long[] memoIps = new long[MEMO_SIZE];
    private final byte[] memoModes = new byte[MEMO_SIZE];
    private final byte[] memoBytes = new byte[MEMO_SIZE * MAX];
    private final DecodedInsn[] memoInsns = new DecodedInsn[MEMO_SIZE];

    /** The section id of the last successful {@link #decode}. */
    public int isid() {
        return isid;
    }

    /** The number of instruction bytes in the buffer after the last {@link #decode}. */
    public int size() {
        return size;
    }

    /** Whether the last decoded instruction spans two sections. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Reads and decodes the instruction at {@code ip}.
     *
     * @param image the memory image
     * @param asid the address space
     * @param ip the instruction address
     * @param mode the execution mode
     * @param raw a buffer of at least 15 bytes for the instruction bytes
     * @param out the decoded instruction
     * @return 0, or {@code -NOMAP} if no memory is mapped at {@code ip}, {@code -BAD_INSN} if
     *     the bytes do not decode
     */
    public int decode(Image image, Asid asid, long ip, ExecMode mode, byte[] raw,
            DecodedInsn out) {
        truncated = false;
        int slot = (int) (ip ^ (ip >>> MEMO_BITS)) & (MEMO_SIZE - 1);
        if (memoIps[slot] == ip && memoModes[slot] == mode.ordinal() + 1) {
            // Only the memoized instruction's bytes need reading to compare.
            DecodedInsn memo = memoInsns[slot];
            int len = memo.size();
            int n = image.read(raw, 0, len, ip, asid);
            if (n == len && Arrays.equals(raw, 0, len, memoBytes, slot * MAX, slot * MAX + len)) {
                isid = image.lastIsid();
                out.copyFrom(memo);
                size = len;
                return 0;
            }
        }
        int n = image.read(raw, 0, MAX, ip, asid);
        if (n < 0) {
            return n;
        }
        isid = image.lastIsid();
        size = n;
        int status = InsnDecoder.decode(raw, 0, n, ip, mode, out);
        if (status >= 0) {
            size = status;
            memoize(slot, ip, mode, raw, out);
            return 0;
        }
        if (status != -PtError.BAD_INSN.code()) {
            return status;
        }
        // Maybe cut off by the end of the section: read on from the next one.
        while (size < MAX) {
            int more = image.read(raw, size, MAX - size, ip + size, asid);
            if (more <= 0) {
                return more == 0 || more == -PtError.NOMAP.code()
                        ? -PtError.BAD_INSN.code() : more;
            }
            size += more;
            status = InsnDecoder.decode(raw, 0, size, ip, mode, out);
            if (status >= 0) {
                size = status;
                truncated = true;
                return 0;
            }
            if (status != -PtError.BAD_INSN.code()) {
                return status;
            }
        }
        return -PtError.BAD_INSN.code();
    }

    private void memoize(int slot, long ip, ExecMode mode, byte[] raw, DecodedInsn insn) {
        DecodedInsn memo = memoInsns[slot];
        if (memo == null) {
            memo = new DecodedInsn();
            memoInsns[slot] = memo;
        }
        memo.copyFrom(insn);
        System.arraycopy(raw, 0, memoBytes, slot * MAX, insn.size());
        memoIps[slot] = ip;
        memoModes[slot] = (byte) (mode.ordinal() + 1);
    }
}
