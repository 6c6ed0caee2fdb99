package dev.hindsight.bts;

/**
 * gdb's BTS decode-error codes ({@code enum btrace_bts_error}), carried by gaps.
 */
public final class BtsError {
    /** {@code BDE_BTS_OVERFLOW}: the walk passed the end of a block without meeting it. */
    public static final int OVERFLOW = 1;
    /** {@code BDE_BTS_INSN_SIZE}: an instruction's size could not be determined. */
    public static final int INSN_SIZE = 2;

    private BtsError() {
    }

    /** gdb's text for a BTS gap code ({@code btrace_decode_error} for BTS). */
    public static String message(int code) {
        return switch (code) {
            case OVERFLOW -> "instruction overflow";
            case INSN_SIZE -> "unknown instruction";
            default -> "unknown";
        };
    }
}
