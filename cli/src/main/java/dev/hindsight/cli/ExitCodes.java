package dev.hindsight.cli;

/** The process exit codes of every hindsight command, in one place. */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The input (a trace, an image, a bundle, a program) was bad or the work failed. */
    public static final int FAILURE = 1;
    /** The command line was wrong (picocli's default for usage errors). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
