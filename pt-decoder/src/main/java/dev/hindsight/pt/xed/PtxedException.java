package dev.hindsight.pt.xed;

/** A ptxed run could not start: a bad option value or a file that cannot be loaded. */
public final class PtxedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message for the user. */
    public PtxedException(String message) {
        super(message);
    }
}
