package dev.hindsight.history;

/** gdb's user-visible texts for the history commands, word for word (spec §3-6, §11). */
public final class Messages {
    public static final String NO_TRACE = "No trace.";
    public static final String RANGE_OUT_OF_BOUNDS = "Range out of bounds.";
    public static final String BAD_RANGE = "Bad range.";
    public static final String AT_END = "At the end of the branch trace record.";
    public static final String AT_START = "At the start of the branch trace record.";
    public static final String MISSING_MODIFIER = "Missing modifier.";
    public static final String INVALID_MODIFIER = "Invalid modifier: %c.";
    public static final String EXPECTED_NUMBER = "Expected positive number, got: %s.";
    public static final String JUNK = "Junk after argument: %s.";
    public static final String BAD_INSN_SIZE = "Bad record instruction-history-size.";
    public static final String BAD_CALL_SIZE = "Bad record function-call-history-size.";
    public static final String NO_SUCH_INSN = "No such instruction.";
    public static final String INSN_OUT_OF_RANGE = "Instruction number out of range.";
    public static final String GOTO_NEEDS_ARGUMENT = "Command requires an argument (insn number to go to).";
    public static final String ACTIVE_TARGET = "Active record target: record-btrace";
    public static final String RECORDING_FORMAT = "Recording format: %s.";
    public static final String BUFFER_SIZE = "Buffer size: %d%s.";
    public static final String RECORDED = "Recorded %d instructions in %d functions (%d gaps) for thread %s (%s).";
    public static final String REPLAY_IN_PROGRESS = "Replay in progress.  At instruction %d.";
    public static final String INSN_SIZE_SHOW = "Number of instructions to print in \"record instruction-history\" is %s.";
    public static final String CALL_SIZE_SHOW = "Number of functions to print in \"record function-call-history\" is %s.";

    public static final String NOT_RUNNING = "The program is not being run.";
    public static final String NO_STACK = "No stack.";
    public static final String FINISH_OUTERMOST = "\"finish\" not meaningful in the outermost frame.";
    public static final String NO_HISTORY = "No more reverse-execution history.";
    public static final String BACKTRACE_STOPPED =
            "Backtrace stopped: not enough registers or memory available to unwind further";

    private Messages() {
    }

    /** gdb's text for a gap code ({@code btrace_decode_error}). */
    public static String decodeError(boolean pt, int code) {
        if (!pt) {
            return code == 1 ? "instruction overflow" : code == 2 ? "unknown instruction" : "unknown";
        }
        if (code > 0) {
            return switch (code) {
                case 1 -> "trace decode cancelled";
                case 2 -> "non-contiguous";
                case 3 -> "overflow";
                default -> "unknown";
            };
        }
        int n = -code;
        return n >= 1 && n <= 27 ? dev.hindsight.pt.PtError.of(n).message() : "unknown";
    }

    /** The bracketed gap text: {@code [decode error (c): text]} or a PT notification {@code [text]}. */
    public static String gapText(boolean pt, int code) {
        String text = decodeError(pt, code);
        return pt && code > 0 ? "[" + text + "]" : "[decode error (" + code + "): " + text + "]";
    }

    /** {@code Buffer size: %u%s.}'s number and suffix rule. */
    public static String bufferSize(long size) {
        String suffix = "";
        if (size % (1L << 30) == 0) {
            size >>= 30;
            suffix = "GB";
        } else if (size % (1L << 20) == 0) {
            size >>= 20;
            suffix = "MB";
        } else if (size % (1L << 10) == 0) {
            size >>= 10;
            suffix = "kB";
        }
        return String.format(BUFFER_SIZE, size, suffix);
    }
}
