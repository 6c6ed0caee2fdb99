package dev.hindsight.bts;

import java.util.List;

/**
 * A BTS trace as blocks of sequential execution, oldest first (gdb keeps them newest first; the
 * order is reversed here so block numbers grow with time). Block {@code i} runs from
 * {@link #begin(int)} to {@link #end(int)} inclusive; the last block ends at the current pc.
 * Immutable.
 */
public final class BtsTrace {
    private final long[] begin;
    private final long[] end;
    private final List<String> warnings;

    BtsTrace(long[] begin, long[] end, List<String> warnings) {
        this.begin = begin;
        this.end = end;
        this.warnings = List.copyOf(warnings);
    }

    /** A trace of explicit blocks, oldest first; {@code begin} and {@code end} have equal length. */
    public static BtsTrace ofBlocks(long[] begin, long[] end) {
        if (begin.length != end.length) {
            throw new IllegalArgumentException("begin and end differ in length");
        }
        return new BtsTrace(begin.clone(), end.clone(), List.of());
    }

    /** The number of blocks. */
    public int blockCount() {
        return begin.length;
    }

    /** The address of the first instruction of block {@code i}. */
    public long begin(int i) {
        return begin[i];
    }

    /** The address of the last instruction of block {@code i} (a branch, or the current pc). */
    public long end(int i) {
        return end[i];
    }

    /** Warnings found while reading the records, e.g. {@code Branch trace may be incomplete.} */
    public List<String> warnings() {
        return warnings;
    }

    /** The bytes held per block, for memory accounting. */
    public static int bytesPerBlock() {
        return 16;
    }
}
