package dev.hindsight.pt.flow;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.internal.DecodeMemo;
import dev.hindsight.pt.flow.internal.InsnFetcher;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.InsnClass;
import java.nio.ByteBuffer;

/**
 * The instruction-level execution flow decoder, libipt master's {@code pt_insn_decoder}: one
 * {@link Insn} per call, with events between instructions.
 *
 * <p>As in libipt master it is built on a {@link BlockDecoder} and hands out the instructions
 * of each block one at a time, so both decoders report the same flow, events and errors. Usage
 * is the same: sync, then {@link #next(Insn)} and, while the status has
 * {@link StatusFlag#EVENT_PENDING}, {@link #event(PtEvent)}. Events and errors apply after the
 * last instruction of a block; an error may come with the instruction it happened after.
 *
 * <p>Not thread-safe. Nothing is allocated per instruction.
 */
public final class InsnDecoder implements InsnFlow {
    private final BlockDecoder blkdec;
    private final Block block = new Block();
    private final DecodedInsn ext = new DecodedInsn();
    private final InsnFetcher fetcher = new InsnFetcher();
    // Decoded instructions of the current image and address space.
    private final DecodeMemo memo = new DecodeMemo();
    private Image memoImage;
    private Asid memoAsid;
    private int status;

    /**
     * Creates a decoder over a trace. It must be synchronized before use.
     *
     * @param trace the trace bytes (index 0 is offset 0); not copied, must not change
     * @param config the configuration
     */
    public InsnDecoder(ByteBuffer trace, FlowConfig config) {
        blkdec = new BlockDecoder(trace, config);
    }

    /** The configuration. */
    public FlowConfig config() {
        return blkdec.config();
    }

    /** The memory image instructions are read from. */
    public Image image() {
        return blkdec.image();
    }

    /**
     * Sets the memory image.
     *
     * @param image the image, or null for the decoder's own empty image
     */
    public void image(Image image) {
        blkdec.image(image);
    }

    /** The trace offset for error messages ({@code pt_insn_get_offset}). */
    public long offset() {
        return blkdec.offset();
    }

    /** The offset of the last PSB synchronized onto. */
    public long syncOffset() {
        return blkdec.syncOffset();
    }

    /** The time stamp of the last event consumed. */
    public long time() {
        return blkdec.time();
    }

    /** The last core:bus ratio, 0 if unknown. */
    public int coreBusRatio() {
        return blkdec.coreBusRatio();
    }

    /** The current address space. */
    public Asid asid() {
        return blkdec.asid();
    }

    /** @see BlockDecoder#syncForward() */
    public int syncForward() {
        reset();
        return started(blkdec.syncForward());
    }

    /** @see BlockDecoder#syncBackward() */
    public int syncBackward() {
        reset();
        return started(blkdec.syncBackward());
    }

    /** @see BlockDecoder#syncSet(long) */
    public int syncSet(long offset) {
        reset();
        return started(blkdec.syncSet(offset));
    }

    /** @see BlockDecoder#resync() */
    public int resync() {
        reset();
        return started(blkdec.resync());
    }

    private void reset() {
        block.clear();
        status = 0;
    }

    private int started(int st) {
        if (st >= 0) {
            status = st;
        }
        return st;
    }

    /**
     * Decodes the next instruction ({@code pt_insn_next}).
     *
     * <p>On error, {@code insn} holds at least the IP and mode where decode failed; if its class
     * is not {@link dev.hindsight.pt.x86.InsnClass#UNKNOWN}, the instruction itself was decoded
     * and the error applies after it.
     *
     * @param insn the holder to fill
     * @return status flags, or a negative error code
     */
    public int next(Insn insn) {
        insn.ip = 0;
        insn.size = 0;
        insn.truncated = false;
        fillFromBlock(insn);
        while (block.ninsn == 0) {
            // Errors and events apply at the end of a block.
            int st = status;
            if (st < 0) {
                return st;
            }
            // The caller should have fetched the event after the previous instruction.
            if ((st & StatusFlag.EVENT_PENDING) != 0) {
                return -PtError.EVENT_IGNORED.code();
            }
            st = blkdec.next(block);
            status = st;
            fillFromBlock(insn);
            if (block.ninsn != 0) {
                break;
            }
            if (st < 0) {
                return st;
            }
            // An event behind an empty block could not be announced in time.
            if ((st & StatusFlag.EVENT_PENDING) != 0) {
                return -PtError.EVENT_IGNORED.code();
            }
        }
        int st;
        if (block.truncated && block.ninsn == 1) {
            // The block holds the bytes of an instruction that spans two sections.
            System.arraycopy(block.raw, 0, insn.raw, 0, block.size);
            st = dev.hindsight.pt.x86.InsnDecoder.decode(insn.raw, block.size, insn.ip,
                    insn.mode, ext);
            if (st < 0) {
                return st;
            }
            insn.size = st;
            insn.truncated = true;
            insn.iclass(ext.iclass());
            return proceedInBlock(ext.nextIpStatus(), ext.nextIp());
        }
        int slot = memoized(insn);
        if (slot >= 0) {
            return proceedInBlock(memo.nextIpStatus(slot), memo.nextIp(slot));
        }
        st = fetcher.decode(blkdec.image(), blkdec.asid(), insn.ip, insn.mode, insn.raw, ext);
        if (st < 0) {
            return st;
        }
        insn.size = fetcher.size();
        insn.truncated = fetcher.truncated();
        insn.iclass(ext.iclass());
        if (!insn.truncated) {
            memo.put(insn.ip, insn.mode, ext);
        }
        return proceedInBlock(ext.nextIpStatus(), ext.nextIp());
    }

    // Counts the instruction off the block; the status comes with the block's last one.
    private int proceedInBlock(int nextIpStatus, long nextIp) {
        block.ninsn -= 1;
        if (block.ninsn != 0) {
            if (nextIpStatus < 0) {
                return nextIpStatus;
            }
            block.ip = nextIp;
            return 0;
        }
        if (block.ip != block.endIp) {
            return -PtError.INTERNAL.code();
        }
        return status;
    }

    /*
     * Fills insn from the memo if we decoded the instruction at its IP before in this image and
     * address space: only its bytes are read again.
     */
    private int memoized(Insn insn) {
        Image image = blkdec.image();
        Asid asid = blkdec.asid();
        if (image != memoImage || asid != memoAsid) {
            memo.clear();
            memoImage = image;
            memoAsid = asid;
            return -1;
        }
        int slot = memo.find(insn.ip, insn.mode);
        if (slot < 0) {
            return -1;
        }
        int size = memo.size(slot);
        if (image.read(insn.raw, 0, size, insn.ip, asid) != size) {
            return -1;
        }
        insn.size = size;
        insn.iclass(memo.iclass(slot));
        return slot;
    }

    // As libipt, the instruction starts as the block says; the class is set once decoded.
    private void fillFromBlock(Insn insn) {
        insn.speculative = block.speculative;
        insn.isid = block.isid;
        // Reference stores cost a GC barrier each; most of the time the mode is unchanged.
        if (insn.mode != block.mode) {
            insn.mode = block.mode;
        }
        insn.iclass(InsnClass.UNKNOWN);
        insn.ip = block.ip;
    }

    /**
     * Reports the pending event ({@code pt_insn_event}).
     *
     * @param out the holder to fill
     * @return status flags, or a negative error code; {@code -BAD_QUERY} in the middle of a
     *     block
     */
    public int event(PtEvent out) {
        if (block.ninsn != 0) {
            return -PtError.BAD_QUERY.code();
        }
        int st = blkdec.event(out);
        if (st < 0) {
            return st;
        }
        status = st;
        return st;
    }
}
