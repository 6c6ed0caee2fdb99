package dev.hindsight.pt.sideband;

/**
 * A sideband warning: something was lost, decoding goes on (libipt's {@code enum
 * pt_sb_error_code}). Diagnostics carry warnings as positive codes and errors as negative
 * {@link dev.hindsight.pt.PtError} codes.
 */
public enum SidebandWarning {
    /** Sideband records were lost (PERF_RECORD_LOST). */
    LOST(1, "sideband lost"),
    /** Trace was lost (PERF_RECORD_AUX with the truncated flag). */
    TRACE_LOST(2, "trace lost"),
    /** A mapping was ignored: anonymous, deleted, or a pseudo file other than [vdso]. */
    SECTION_LOST(3, "image section lost");

    private final int code;
    private final String message;

    SidebandWarning(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The positive code ({@code ptse_*}). */
    public int code() {
        return code;
    }

    /** The text {@code pt_sb_errstr} gives. */
    public String message() {
        return message;
    }

    /**
     * The text for a diagnostic code: a warning's message for a positive code, the
     * {@link dev.hindsight.pt.PtError} message for a negative one.
     */
    public static String messageOf(int code) {
        if (code < 0) {
            return dev.hindsight.pt.PtError.of(code).message();
        }
        for (SidebandWarning w : values()) {
            if (w.code == code) {
                return w.message;
            }
        }
        return code == 0 ? "OK" : "bad errcode";
    }
}
