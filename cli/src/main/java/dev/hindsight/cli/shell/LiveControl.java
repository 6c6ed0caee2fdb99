package dev.hindsight.cli.shell;

import dev.hindsight.history.HistoryOutput;

/**
 * The live process of a session recorded with {@code hindsight shell --record}: what forward
 * execution commands do at the live position (the program runs on, recorded, and the session's
 * history grows).
 */
public interface LiveControl {
    /** Whether a live process is attached (false once it exited). */
    boolean alive();

    /** {@code continue} at the live position: run to a breakpoint, the program's end or Ctrl-C. */
    void continueLive(HistoryOutput out);

    /** {@code stepi [count]} at the live position. */
    void stepLive(long count, HistoryOutput out);
}
