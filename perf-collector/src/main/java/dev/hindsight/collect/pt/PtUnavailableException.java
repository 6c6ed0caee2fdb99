package dev.hindsight.collect.pt;

/** Intel PT cannot be used here; the message is one line saying why (spec §10.3 wording). */
public final class PtUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with the one-line {@code message}. */
    public PtUnavailableException(String message) {
        super(message, null, false, false);
    }
}
