package dev.hindsight.bts;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;

/**
 * Walks a {@link BtsTrace} instruction by instruction over a memory image, as gdb's
 * {@code btrace_compute_ftrace_bts} does (spec §9.4): in each block, from its begin, every
 * instruction up to and including the block's end; the size comes from the x86 length decoder.
 * Walking past the end gives a {@link BtsError#OVERFLOW} gap, an instruction whose size is
 * unknown gives a {@link BtsError#INSN_SIZE} gap after it; either way the walk goes on with the
 * next block. Never throws for bad traces.
 *
 * <p>libipt-style: {@link #next(BtsInsn)} fills a holder and returns 0 or
 * {@code -PtError.EOS.code()}; {@link #syncSet(int)} restarts at a block, so a history can
 * re-decode any window from a block checkpoint. Allocates nothing per instruction.
 */
public final class BtsInsnDecoder {
    private final BtsTrace trace;
    private final Image image;
    private final ExecMode mode;
    private final byte[] buf = new byte[InsnDecoder.MAX_INSN_SIZE];
    private final DecodedInsn decoded = new DecodedInsn();
    private int block;
    private long pc;
    /** Whether {@link #pc} is the next instruction of {@link #block} to emit. */
    private boolean inBlock;
    private int pendingGap;
    private long pendingGapIp;

    /** A decoder over {@code trace} reading code from {@code image} in 64-bit mode. */
    public BtsInsnDecoder(BtsTrace trace, Image image) {
        this(trace, image, ExecMode.BITS_64);
    }

    /** A decoder over {@code trace} reading code from {@code image} in {@code mode}. */
    public BtsInsnDecoder(BtsTrace trace, Image image, ExecMode mode) {
        this.trace = trace;
        this.image = image;
        this.mode = mode;
        syncSet(0);
    }

    /** The trace being walked. */
    public BtsTrace trace() {
        return trace;
    }

    /** Restarts the walk at the begin of block {@code index} (0 = oldest). */
    public void syncSet(int index) {
        if (index < 0 || index > trace.blockCount()) {
            throw new IndexOutOfBoundsException("block " + index + " of " + trace.blockCount());
        }
        block = index;
        inBlock = index < trace.blockCount();
        pc = inBlock ? trace.begin(index) : 0;
        pendingGap = 0;
    }

    /** The block the next step comes from (the checkpoint to {@link #syncSet(int)} to). */
    public int offset() {
        return block;
    }

    /**
     * Fills {@code insn} with the next instruction or gap.
     *
     * @return 0, or {@code -PtError.EOS.code()} after the last block
     */
    public int next(BtsInsn insn) {
        if (pendingGap != 0) {
            fillGap(insn, pendingGap, pendingGapIp);
            pendingGap = 0;
            nextBlock();
            return 0;
        }
        if (!inBlock) {
            return -PtError.EOS.code();
        }
        long end = trace.end(block);
        insn.block = block;
        insn.lastBlock = block == trace.blockCount() - 1;
        if (Long.compareUnsigned(pc, end) > 0) {
            fillGap(insn, BtsError.OVERFLOW, pc);
            nextBlock();
            return 0;
        }
        insn.ip = pc;
        insn.errcode = 0;
        int size = 0;
        int n = image.read(buf, buf.length, pc, Asid.ANY);
        if (n > 0) {
            int st = InsnDecoder.decode(buf, 0, n, pc, mode, decoded);
            size = Math.max(st, 0);
            insn.iclass = BtsInsnClass.classify(buf, 0, n);
        } else {
            insn.iclass = BtsInsnClass.OTHER;
        }
        insn.size = size;
        if (pc == end) {
            nextBlock();
        } else if (size <= 0) {
            pendingGap = BtsError.INSN_SIZE;
            pendingGapIp = pc;
        } else {
            pc += size;
        }
        return 0;
    }

    private void fillGap(BtsInsn insn, int code, long at) {
        insn.ip = at;
        insn.size = 0;
        insn.iclass = BtsInsnClass.OTHER;
        insn.errcode = code;
        insn.block = block;
        insn.lastBlock = block == trace.blockCount() - 1;
    }

    private void nextBlock() {
        block++;
        inBlock = block < trace.blockCount();
        if (inBlock) {
            pc = trace.begin(block);
        }
    }
}
