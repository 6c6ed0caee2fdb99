package dev.hindsight.bts;

/**
 * The class gdb gives an instruction on the BTS path ({@code ftrace_classify_insn}): only
 * near calls, returns and jumps matter to the function-segment builder.
 */
public enum BtsInsnClass {
    /** Anything else, conditional jumps included. */
    OTHER,
    /** {@code e8}, {@code 9a}, {@code ff /2}, {@code ff /3}. */
    CALL,
    /** {@code c2}, {@code c3}, {@code ca}, {@code cb}, {@code cf}. */
    RETURN,
    /** {@code eb}, {@code e9}, {@code ea}, {@code ff /4}, {@code ff /5}. */
    JUMP;

    private static final boolean[] LEGACY_PREFIX = new boolean[256];

    static {
        for (int b : new int[] {0x66, 0x67, 0x2e, 0x3e, 0x26, 0x64, 0x65, 0x36, 0xf0, 0xf3, 0xf2}) {
            LEGACY_PREFIX[b] = true;
        }
    }

    /**
     * Classifies the instruction in {@code buf[off..off+len)} from its bytes, as gdb's
     * {@code i386_call_p}/{@code i386_ret_p}/{@code i386_jmp_p} do: legacy prefixes are skipped,
     * REX is not (so a REX-prefixed {@code ff /2} is {@link #OTHER}, as in gdb).
     */
    public static BtsInsnClass classify(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && LEGACY_PREFIX[buf[i] & 0xff]) {
            i++;
        }
        if (i >= end) {
            return OTHER;
        }
        int op = buf[i] & 0xff;
        switch (op) {
            case 0xe8, 0x9a:
                return CALL;
            case 0xc2, 0xc3, 0xca, 0xcb, 0xcf:
                return RETURN;
            case 0xeb, 0xe9, 0xea:
                return JUMP;
            case 0xff:
                if (i + 1 >= end) {
                    return OTHER;
                }
                int reg = (buf[i + 1] >> 3) & 7;
                return reg == 2 || reg == 3 ? CALL : reg == 4 || reg == 5 ? JUMP : OTHER;
            default:
                return OTHER;
        }
    }
}
