package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;

/**
 * Reads an instruction's bytes from a memory image and decodes them, libipt's
 * {@code pt_insn_decode}.
 *
 * <p>An instruction may straddle two sections: the first read stops at the end of the section
 * holding {@code ip}, so when the decode fails for lack of bytes the rest is read from whatever
 * follows (libipt's {@code pt_insn_decode_retry}) and the instruction is marked truncated. The
 * section id is that of the first byte.
 */
public final class InsnFetcher {
    private static final int MAX = InsnDecoder.MAX_INSN_SIZE;

    private int isid;
    private int size;
    private boolean truncated;

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
        int n = image.read(raw, 0, MAX, ip, asid);
        if (n < 0) {
            return n;
        }
        isid = image.lastIsid();
        size = n;
        int status = InsnDecoder.decode(raw, 0, n, ip, mode, out);
        if (status >= 0) {
            size = status;
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
}
