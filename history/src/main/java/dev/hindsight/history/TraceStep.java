package dev.hindsight.history;

/**
 * One step of an {@link InstructionSource}: an executed instruction or a gap. A mutable holder
 * the caller owns; every {@code next} overwrites it.
 */
public final class TraceStep {
    /** No checkpoint at this step. */
    public static final long NO_CHECKPOINT = -1;

    /** Whether this step is a gap. */
    public boolean gap;
    /** The instruction's address (for a gap: the last pc seen, for warnings). */
    public long ip;
    /** The instruction's size in bytes (0 if unknown). */
    public int size;
    /** The instruction's class. */
    public InsnKind kind = InsnKind.OTHER;
    /** Whether the instruction executed speculatively (PT only). */
    public boolean speculative;
    /** The gap's gdb error code (non-zero for a gap). */
    public int errcode;
    /** The warning gdb prints for the gap, or {@code null}. */
    public GapWarning warning;
    /** The trace offset the gap was found at (PT), for the warning. */
    public long offset;
    /**
     * A token to {@link InstructionSource#rewind(long)} to so that this very step comes next, or
     * {@link #NO_CHECKPOINT}.
     */
    public long checkpoint = NO_CHECKPOINT;
    /**
     * Whether the step is part of the trace proper for the level offset (false for BTS's newest
     * block, which ends at the current instruction; gdb leaves it out of the minimum).
     */
    public boolean countsForLevel = true;

    /** Fills this as an instruction. */
    public void instruction(long ip, int size, InsnKind kind, boolean speculative) {
        this.gap = false;
        this.ip = ip;
        this.size = size;
        this.kind = kind;
        this.speculative = speculative;
        this.errcode = 0;
        this.warning = null;
        this.checkpoint = NO_CHECKPOINT;
        this.countsForLevel = true;
    }

    /** Fills this as a gap. */
    public void gap(int errcode, GapWarning warning, long ip, long offset) {
        this.gap = true;
        this.ip = ip;
        this.size = 0;
        this.kind = InsnKind.OTHER;
        this.speculative = false;
        this.errcode = errcode;
        this.warning = warning;
        this.offset = offset;
        this.checkpoint = NO_CHECKPOINT;
        this.countsForLevel = true;
    }
}
