package dev.hindsight.history;

/**
 * A decoded trace as a stream of instructions and gaps that can be rewound to checkpoints, so a
 * history can keep a few checkpoints instead of every instruction and decode windows on demand.
 * BTS and PT each implement it; a source is not thread-safe.
 */
public interface InstructionSource extends AutoCloseable {
    /** gdb's name of the recording format, e.g. {@code Branch Trace Store}. */
    String formatName();

    /** Whether gaps carry PT codes (else BTS codes). */
    boolean isPt();

    /** Restarts at the beginning of the trace. */
    void rewind();

    /**
     * Restarts so that the step that carried {@code checkpoint} comes next.
     *
     * @return false if the source cannot restart there
     */
    boolean rewind(long checkpoint);

    /**
     * Fills {@code step} with the next instruction or gap.
     *
     * @return 0, or a negative value at the end of the trace
     */
    int next(TraceStep step);

    /**
     * Checkpoints found after the fact during the decode from {@link #rewind()}, as pairs
     * {@code number, token} (number = 1-based index of the step since the rewind); empty by
     * default.
     */
    default long[] laterCheckpoints() {
        return new long[0];
    }

    /** Warnings that are not tied to a gap (e.g. a failed first synchronisation). */
    java.util.List<String> warnings();

    @Override
    default void close() {
    }
}
