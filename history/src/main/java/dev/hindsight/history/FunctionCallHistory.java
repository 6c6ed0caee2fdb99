package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;

/**
 * The function segments of a thread's execution history, read-only (gdb's
 * {@code btrace_thread_info} after decoding).
 *
 * <p>Segments are numbered from 1 to {@link #segmentCount()}; instructions from 1 to
 * {@link #instructionCount()}, a gap occupying one number. Levels are reported normalised, so
 * the shallowest segment is at level 0.
 */
public final class FunctionCallHistory {
    private final CompactSegments table;
    private final long numbers;
    private final int gaps;

    FunctionCallHistory(SegmentTable table, long numbers, int gaps, int levelOffset) {
        this.table = new CompactSegments(table, levelOffset);
        this.numbers = numbers;
        this.gaps = gaps;
    }

    /** Bytes held by the segments. */
    public long retainedBytes() {
        return table.bytes();
    }

    /** The number of instruction numbers used, gaps included. */
    public long instructionCount() {
        return numbers;
    }

    /** The number of gaps. */
    public int gapCount() {
        return gaps;
    }

    /** The number of function segments. */
    public int segmentCount() {
        return table.size();
    }

    /** The number of the segment's first instruction. */
    public long firstInstruction(int segment) {
        return table.insnOffset(checked(segment));
    }

    /** The number of the segment's last instruction (its only number for a gap). */
    public long lastInstruction(int segment) {
        int s = checked(segment);
        return table.insnOffset(s) + Math.max(1, table.insnCount(s)) - 1;
    }

    /** The number of instructions in the segment (0 for a gap). */
    public int instructionCount(int segment) {
        return table.insnCount(checked(segment));
    }

    /** The call depth, normalised so the minimum over the history is 0. */
    public int level(int segment) {
        return table.level(checked(segment));
    }

    /** The caller or the segment returned into, or 0 if unknown. */
    public int up(int segment) {
        return table.up(checked(segment));
    }

    /** Whether {@link #up(int)} is the segment this one returned into. */
    public boolean upIsReturn(int segment) {
        return (table.flags(checked(segment)) & SegmentTable.UP_IS_RETURN) != 0;
    }

    /** Whether {@link #up(int)} is the caller of a tail call. */
    public boolean upIsTailCall(int segment) {
        return (table.flags(checked(segment)) & SegmentTable.UP_IS_TAILCALL) != 0;
    }

    /** The previous segment of the same function instance (before a call), or 0. */
    public int prev(int segment) {
        return table.prev(checked(segment));
    }

    /** The next segment of the same function instance (after a call returned), or 0. */
    public int next(int segment) {
        return table.next(checked(segment));
    }

    /** The function, or {@code null} if no symbol is known. */
    public FunctionSymbol symbol(int segment) {
        return table.symbol(checked(segment));
    }

    /** The gap's error code, or 0 if the segment is not a gap. */
    public int errcode(int segment) {
        return table.errcode(checked(segment));
    }

    /** The segment holding instruction {@code number} (binary search over first numbers). */
    public int segmentOf(long number) {
        if (number < 1 || number > numbers) {
            throw new IndexOutOfBoundsException("instruction " + number + " of " + numbers);
        }
        return table.segmentOf(number);
    }

    private int checked(int segment) {
        if (segment < 1 || segment > table.size()) {
            throw new IndexOutOfBoundsException("segment " + segment + " of " + table.size());
        }
        return segment;
    }
}
