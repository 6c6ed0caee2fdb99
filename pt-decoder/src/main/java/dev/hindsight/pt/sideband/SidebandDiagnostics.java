package dev.hindsight.pt.sideband;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Receives sideband warnings and errors with where they happened (libipt's
 * {@code pt_sb_error_notifier_t}). Reporting never stops decoding.
 */
@FunctionalInterface
public interface SidebandDiagnostics {

    /**
     * One diagnostic.
     *
     * @param code     a positive {@link SidebandWarning} code or a negative
     *                 {@link dev.hindsight.pt.PtError} code
     * @param fileName the sideband file's name, or {@code "<unknown>"}
     * @param offset   the offset of the record concerned in that file
     */
    void report(int code, String fileName, long offset);

    /** Ignores everything. */
    SidebandDiagnostics IGNORE = (code, file, offset) -> { };

    /**
     * Prints the way ptdump does: {@code [<file>:<offset> sideband error: <text>]}, for warnings
     * too, and warnings only if {@code warnings} ({@code --sb:warn}).
     */
    static SidebandDiagnostics ptdump(Appendable out, boolean warnings) {
        return (code, file, offset) -> {
            if (code >= 0 && !warnings) {
                return;
            }
            line(out, file, offset, "error", code);
        };
    }

    /**
     * Prints the way ptxed does: {@code [<file>:<offset> sideband warning: <text>]} or
     * {@code ... sideband error: ...}, warnings only if {@code warnings} ({@code --sb:warn}).
     */
    static SidebandDiagnostics ptxed(Appendable out, boolean warnings) {
        return (code, file, offset) -> {
            if (code >= 0 && !warnings) {
                return;
            }
            line(out, file, offset, code < 0 ? "error" : "warning", code);
        };
    }

    private static void line(Appendable out, String file, long offset, String severity,
            int code) {
        StringBuilder sb = new StringBuilder(96).append('[').append(file).append(':');
        PerfEventPrinter.hex16(sb, offset).append(" sideband ").append(severity).append(": ")
                .append(SidebandWarning.messageOf(code)).append("]\n");
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
