package dev.hindsight.history;

/** A gdb error from a history command: the message is printed as is, and the command stops. */
public final class HistoryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with gdb's exact message. */
    public HistoryError(String message) {
        super(message, null, false, false);
    }
}
