package dev.hindsight.pt.x86;

/**
 * An execution mode: the default operand and address size the processor uses to decode code.
 *
 * <p>libipt's {@code enum pt_exec_mode}. The ordinals match libipt's values ({@code ptem_unknown}
 * = 0, {@code ptem_16bit} = 1, {@code ptem_32bit} = 2, {@code ptem_64bit} = 3).
 */
public enum ExecMode {
    /** The mode is not known; decoded like libipt does (no ModRM displacement, 16-bit data). */
    UNKNOWN(0),
    /** 16-bit code (real mode, or CS.D = 0 in protected mode). */
    BITS_16(16),
    /** 32-bit code (CS.D = 1, CS.L = 0). */
    BITS_32(32),
    /** 64-bit code (CS.L = 1). */
    BITS_64(64);

    private final int bits;

    ExecMode(int bits) {
        this.bits = bits;
    }

    /** The default operand size in bits, 0 for {@link #UNKNOWN}. */
    public int bits() {
        return bits;
    }

    /**
     * The mode a MODE.Exec packet gives, as libipt's {@code pt_get_exec_mode}.
     *
     * @param csl the CS.L bit (64-bit code segment)
     * @param csd the CS.D bit (default operand size 32)
     * @return the mode; CS.L and CS.D both set is {@link #UNKNOWN} (reserved combination)
     */
    public static ExecMode fromCsBits(boolean csl, boolean csd) {
        if (csl) {
            return csd ? UNKNOWN : BITS_64;
        }
        return csd ? BITS_32 : BITS_16;
    }
}
