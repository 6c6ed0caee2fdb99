package dev.hindsight.history.source;

import dev.hindsight.bts.BtsError;
import dev.hindsight.bts.BtsInsn;
import dev.hindsight.bts.BtsInsnDecoder;
import dev.hindsight.bts.BtsTrace;
import dev.hindsight.history.GapWarning;
import dev.hindsight.history.InsnKind;
import dev.hindsight.history.InstructionSource;
import dev.hindsight.history.TraceStep;
import dev.hindsight.pt.image.Image;
import java.util.List;

/**
 * BTS blocks walked over a memory image (gdb's {@code btrace_compute_ftrace_bts}, spec §9.4).
 * The first step of each block is a checkpoint (the block index); the newest block ends at the
 * current instruction and is left out of the level minimum, as gdb does.
 */
public final class BtsInstructionSource implements InstructionSource {
    private final BtsInsnDecoder decoder;
    private final BtsInsn insn = new BtsInsn();
    private int lastBlock = -1;

    /** A source over {@code trace} reading code from {@code image}. */
    public BtsInstructionSource(BtsTrace trace, Image image) {
        this.decoder = new BtsInsnDecoder(trace, image);
    }

    @Override
    public String formatName() {
        return "Branch Trace Store";
    }

    @Override
    public boolean isPt() {
        return false;
    }

    @Override
    public void rewind() {
        decoder.syncSet(0);
        lastBlock = -1;
    }

    @Override
    public boolean rewind(long checkpoint) {
        if (checkpoint < 0 || checkpoint > decoder.trace().blockCount()) {
            return false;
        }
        decoder.syncSet((int) checkpoint);
        lastBlock = (int) checkpoint - 1;
        return true;
    }

    @Override
    public int next(TraceStep step) {
        int st = decoder.next(insn);
        if (st < 0) {
            return st;
        }
        if (insn.isGap()) {
            step.gap(insn.errcode(), insn.errcode() == BtsError.OVERFLOW ? GapWarning.BTS_OVERFLOW
                    : GapWarning.BTS_INSN_SIZE, insn.ip(), 0);
        } else {
            step.instruction(insn.ip(), insn.size(), kind(insn), false);
            if (insn.block() != lastBlock) {
                step.checkpoint = insn.block();
            }
        }
        lastBlock = insn.block();
        step.countsForLevel = !insn.inLastBlock();
        return 0;
    }

    private static InsnKind kind(BtsInsn insn) {
        return switch (insn.iclass()) {
            case CALL -> InsnKind.CALL;
            case RETURN -> InsnKind.RETURN;
            case JUMP -> InsnKind.JUMP;
            case OTHER -> InsnKind.OTHER;
        };
    }

    @Override
    public List<String> warnings() {
        return decoder.trace().warnings();
    }
}
