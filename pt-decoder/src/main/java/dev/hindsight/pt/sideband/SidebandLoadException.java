package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;

/**
 * A sideband file that cannot be loaded; the message is one line, as ptdump and ptxed print it
 * after their name: {@code error loading <file>: <pt_errstr>}.
 */
public final class SidebandLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PtError error;

    /**
     * @param file  the file name as the user gave it
     * @param error why it cannot be loaded
     */
    public SidebandLoadException(String file, PtError error) {
        super("error loading " + file + ": " + error.message(), null, false, false);
        this.error = error;
    }

    /** The libipt-named reason. */
    public PtError error() {
        return error;
    }
}
