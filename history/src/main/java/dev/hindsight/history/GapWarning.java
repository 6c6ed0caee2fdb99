package dev.hindsight.history;

import java.util.Locale;

/** The warnings gdb prints when decoding puts a gap into the history (spec §9.4-9.5). */
public enum GapWarning {
    /** BTS: the walk passed a block's end. */
    BTS_OVERFLOW,
    /** BTS: an instruction's size was unknown. */
    BTS_INSN_SIZE,
    /** PT: tracing was enabled again at a different place. */
    PT_NON_CONTIGUOUS,
    /** PT: the hardware's buffer overflowed. */
    PT_OVERFLOW,
    /** PT: the decoder failed. */
    PT_DECODE_ERROR;

    /**
     * gdb's warning text (without {@code warning: }).
     *
     * @param before the number of the instruction before the gap
     * @param step the gap
     * @param errtext libipt's text for the error (PT decode errors)
     */
    public String format(long before, TraceStep step, String errtext) {
        return switch (this) {
            case BTS_OVERFLOW -> String.format(Locale.ROOT,
                    "Recorded trace may be corrupted at instruction %d (pc = 0x%x).", before, step.ip);
            case BTS_INSN_SIZE -> String.format(Locale.ROOT,
                    "Recorded trace may be incomplete at instruction %d (pc = 0x%x).", before, step.ip);
            case PT_NON_CONTIGUOUS -> String.format(Locale.ROOT,
                    "Non-contiguous trace at instruction %d (offset = 0x%x).", before, step.offset);
            case PT_OVERFLOW -> String.format(Locale.ROOT,
                    "Overflow at instruction %d (offset = 0x%x).", before, step.offset);
            case PT_DECODE_ERROR -> String.format(Locale.ROOT,
                    "Decode error (%d) at instruction %d (offset = 0x%x, pc = 0x%x): %s.",
                    step.errcode, before, step.offset, step.ip, errtext);
        };
    }
}
