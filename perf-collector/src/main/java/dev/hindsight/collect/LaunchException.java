package dev.hindsight.collect;

/** A program that could not be launched or attached to; its message is one line for the user. */
public final class LaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public LaunchException(String message) {
        super(message, null, false, false);
    }
}
