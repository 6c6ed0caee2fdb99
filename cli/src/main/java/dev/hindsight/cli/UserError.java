package dev.hindsight.cli;

/**
 * A failure to be reported to the user as one line, without a stack trace.
 *
 * <p>Commands throw it for bad input (a missing file, a corrupt trace, an unsupported option
 * value); the root command's handler prints {@code hindsight: <message>} and exits with
 * {@link #exitCode()}.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /** A failure with exit code {@link ExitCodes#FAILURE}. */
    public UserError(String message) {
        this(message, ExitCodes.FAILURE);
    }

    /** A failure with the given exit code. */
    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
