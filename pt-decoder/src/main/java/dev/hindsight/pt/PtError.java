package dev.hindsight.pt;

/**
 * A decode error, one value for every layer of the decoder.
 *
 * <p>The names and messages are libipt's ({@code enum pt_error_code} and {@code pt_errstr()}),
 * because ptdump and ptxed print the message verbatim and their output is compared with libipt's.
 * Decoders return {@code -error.code()} where libipt returns {@code -pte_*}; end of stream is
 * {@link #EOS} and is a status, not a failure.
 */
public enum PtError {
    OK(0, "OK"),
    INTERNAL(1, "internal error"),
    INVALID(2, "invalid argument"),
    NOSYNC(3, "decoder out of sync"),
    BAD_OPC(4, "unknown opcode"),
    BAD_PACKET(5, "unknown packet"),
    BAD_CONTEXT(6, "unexpected packet context"),
    EOS(7, "reached end of trace stream"),
    BAD_QUERY(8, "trace stream does not match query"),
    NOMEM(9, "out of memory"),
    BAD_CONFIG(10, "bad configuration"),
    NOIP(11, "no ip"),
    IP_SUPPRESSED(12, "ip has been suppressed"),
    NOMAP(13, "no memory mapped at this address"),
    BAD_INSN(14, "unknown instruction"),
    NO_TIME(15, "no timing information"),
    NO_CBR(16, "no core:bus ratio"),
    BAD_IMAGE(17, "bad image"),
    BAD_LOCK(18, "locking error"),
    NOT_SUPPORTED(19, "not supported"),
    RETSTACK_EMPTY(20, "compressed return without call"),
    BAD_RETCOMP(21, "bad compressed return"),
    BAD_STATUS_UPDATE(22, "bad status update"),
    NO_ENABLE(23, "expected tracing enabled event"),
    EVENT_IGNORED(24, "event ignored"),
    OVERFLOW(25, "overflow"),
    BAD_FILE(26, "bad file"),
    BAD_CPU(27, "unknown cpu");

    private static final PtError[] BY_CODE = values();

    private final int code;
    private final String message;

    PtError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The positive libipt error number ({@code pte_*}); decoders return its negation. */
    public int code() {
        return code;
    }

    /** The libipt message ({@code pt_errstr}). */
    public String message() {
        return message;
    }

    /**
     * The error for a decoder status: a negative status is {@code -code}.
     *
     * @param status a status or error code, either sign
     * @return the matching error, or {@link #INTERNAL} for an unknown code
     */
    public static PtError of(int status) {
        int c = Math.abs(status);
        return c < BY_CODE.length ? BY_CODE[c] : INTERNAL;
    }
}
