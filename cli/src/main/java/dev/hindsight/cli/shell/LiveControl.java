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

    /**
     * A stepping command at the live position: {@code stepi}, {@code nexti}, {@code step},
     * {@code next} ({@code count} times) or {@code finish}.
     */
    void stepLive(String command, long count, HistoryOutput out);
}
