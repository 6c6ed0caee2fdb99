package dev.hindsight.collect.bundle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace bundle that cannot be read: not a zip, truncated, an unsafe entry name, a manifest that
 * does not match the entries. The message is one line naming the file and the problem.
 */
public final class BundleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem {@code problem} with bundle {@code file}. */
    public BundleFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** As {@link #BundleFormatException(Path, String)}, with the cause kept for debugging. */
    public BundleFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
