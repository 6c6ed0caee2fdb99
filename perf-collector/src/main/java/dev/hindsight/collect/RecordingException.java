package dev.hindsight.collect;

/** A recording that cannot be made; its message is one line for the user. */
public final class RecordingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public RecordingException(String message) {
        super(message, null, false, false);
    }
}
