package dev.hindsight.history.debuginfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One row of a call frame information table (DWARF 5 §6.4.1): how to compute the canonical frame
 * address at a pc and where the caller's registers are, built by running a CIE's initial
 * instructions and an FDE's instructions up to that pc ({@link #run}).
 */
final class CfaRules {
    /** The registers followed: DWARF 0..32 (rax .. r15, 16: the return address column, xmm0 .. xmm15). */
    static final int REGISTERS = 33;

    /** No rule: the caller's value is this frame's (gdb's unspecified, taken as same value). */
    static final int UNSPECIFIED = 0;
    /** {@code DW_CFA_undefined}: the caller has no value (for the return address: the outermost frame). */
    static final int UNDEFINED = 1;
    /** {@code DW_CFA_same_value}. */
    static final int SAME_VALUE = 2;
    /** Saved in memory at CFA + {@link #argument}. */
    static final int OFFSET = 3;
    /** The value is CFA + {@link #argument}. */
    static final int VAL_OFFSET = 4;
    /** The value is in register {@link #argument}. */
    static final int REGISTER = 5;
    /** Saved in memory at the address {@link #expression} computes (with the CFA pushed). */
    static final int EXPRESSION = 6;
    /** The value is what {@link #expression} computes (with the CFA pushed). */
    static final int VAL_EXPRESSION = 7;

    final int[] rule = new int[REGISTERS];
    final long[] argument = new long[REGISTERS];
    final byte[][] expression = new byte[REGISTERS][];
    /** The CFA is register {@link #cfaRegister} plus {@link #cfaOffset}, unless {@link #cfaExpression} is set. */
    int cfaRegister = -1;
    long cfaOffset;
    byte[] cfaExpression;
    /** The column of the return address (the CIE's). */
    int returnColumn = 16;

    private CfaRules copy() {
        CfaRules c = new CfaRules();
        c.copyFrom(this);
        return c;
    }

    private void copyFrom(CfaRules o) {
        System.arraycopy(o.rule, 0, rule, 0, REGISTERS);
        System.arraycopy(o.argument, 0, argument, 0, REGISTERS);
        System.arraycopy(o.expression, 0, expression, 0, REGISTERS);
        cfaRegister = o.cfaRegister;
        cfaOffset = o.cfaOffset;
        cfaExpression = o.cfaExpression;
        returnColumn = o.returnColumn;
    }

    /** The rule of DWARF register {@code reg} ({@link #UNSPECIFIED} beyond those followed). */
    int ruleOf(int reg) {
        return reg >= 0 && reg < REGISTERS ? rule[reg] : UNSPECIFIED;
    }

    /** What a CIE says about the instructions of its FDEs. */
    record Cie(long codeAlign, long dataAlign, int returnColumn, int pointerEncoding, byte[] initialInstructions) {
    }

    /**
     * The row at {@code pc}: the CIE's initial instructions, then the FDE's instructions while
     * their location stays at or below {@code pc}.
     *
     * @param start the FDE's first address (the row's location before any advance)
     * @param instructions the FDE's instructions
     * @param pointers decodes {@code DW_CFA_set_loc}'s operand (in the FDE's encoding)
     */
    static CfaRules run(Cie cie, long start, byte[] instructions, long pc,
            java.util.function.ToLongFunction<ByteBuffer> pointers) {
        CfaRules r = new CfaRules();
        r.returnColumn = cie.returnColumn();
        CfaRules initial = new CfaRules();
        initial.returnColumn = cie.returnColumn();
        initial.execute(cie, cie.initialInstructions(), Long.MAX_VALUE, 0, null, null, pointers);
        r.copyFrom(initial);
        r.execute(cie, instructions, pc, start, initial, new ArrayDeque<>(), pointers);
        return r;
    }

    private void execute(Cie cie, byte[] code, long pc, long location, CfaRules initial, ArrayDeque<CfaRules> saved,
            java.util.function.ToLongFunction<ByteBuffer> pointers) {
        ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
        ArrayDeque<CfaRules> stack = saved != null ? saved : new ArrayDeque<>();
        long loc = location;
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            int high = op & 0xc0;
            int low = op & 0x3f;
            long advance = -1;
            if (high == 0x40) { // DW_CFA_advance_loc
                advance = low * cie.codeAlign();
            } else if (high == 0x80) { // DW_CFA_offset
                set(low, OFFSET, DwarfExpressions.uleb(b) * cie.dataAlign());
            } else if (high == 0xc0) { // DW_CFA_restore
                restore(low, initial);
            } else {
                switch (op) {
                    case 0x00 -> {
                        // nop
                    }
                    case 0x01 -> { // set_loc
                        long to = pointers.applyAsLong(b);
                        if (Long.compareUnsigned(to, pc) > 0) {
                            return;
                        }
                        loc = to;
                    }
                    case 0x02 -> advance = (b.get() & 0xffL) * cie.codeAlign();
                    case 0x03 -> advance = (b.getShort() & 0xffffL) * cie.codeAlign();
                    case 0x04 -> advance = (b.getInt() & 0xffffffffL) * cie.codeAlign();
                    case 0x05 -> set((int) DwarfExpressions.uleb(b), OFFSET, DwarfExpressions.uleb(b) * cie.dataAlign());
                    case 0x06 -> restore((int) DwarfExpressions.uleb(b), initial);
                    case 0x07 -> set((int) DwarfExpressions.uleb(b), UNDEFINED, 0);
                    case 0x08 -> set((int) DwarfExpressions.uleb(b), SAME_VALUE, 0);
                    case 0x09 -> set((int) DwarfExpressions.uleb(b), REGISTER, DwarfExpressions.uleb(b));
                    case 0x0a -> stack.push(copy());
                    case 0x0b -> {
                        if (!stack.isEmpty()) {
                            // The CFA is part of the state too (DWARF 5 §6.4.2.4).
                            copyFrom(stack.pop());
                        }
                    }
                    case 0x0c -> {
                        cfaRegister = (int) DwarfExpressions.uleb(b);
                        cfaOffset = DwarfExpressions.uleb(b);
                        cfaExpression = null;
                    }
                    case 0x0d -> {
                        cfaRegister = (int) DwarfExpressions.uleb(b);
                        cfaExpression = null;
                    }
                    case 0x0e -> cfaOffset = DwarfExpressions.uleb(b);
                    case 0x0f -> cfaExpression = block(b);
                    case 0x10 -> {
                        int reg = (int) DwarfExpressions.uleb(b);
                        setExpression(reg, EXPRESSION, block(b));
                    }
                    case 0x11 -> set((int) DwarfExpressions.uleb(b), OFFSET, DwarfExpressions.sleb(b) * cie.dataAlign());
                    case 0x12 -> {
                        cfaRegister = (int) DwarfExpressions.uleb(b);
                        cfaOffset = DwarfExpressions.sleb(b) * cie.dataAlign();
                        cfaExpression = null;
                    }
                    case 0x13 -> cfaOffset = DwarfExpressions.sleb(b) * cie.dataAlign();
                    case 0x14 -> set((int) DwarfExpressions.uleb(b), VAL_OFFSET, DwarfExpressions.uleb(b) * cie.dataAlign());
                    case 0x15 -> set((int) DwarfExpressions.uleb(b), VAL_OFFSET, DwarfExpressions.sleb(b) * cie.dataAlign());
                    case 0x16 -> {
                        int reg = (int) DwarfExpressions.uleb(b);
                        setExpression(reg, VAL_EXPRESSION, block(b));
                    }
                    case 0x2e -> DwarfExpressions.uleb(b); // GNU_args_size: no rule
                    case 0x2f -> set((int) DwarfExpressions.uleb(b), OFFSET, -DwarfExpressions.uleb(b) * cie.dataAlign());
                    default -> throw new IllegalArgumentException("unknown call frame instruction 0x"
                            + Integer.toHexString(op));
                }
            }
            if (advance >= 0) {
                if (Long.compareUnsigned(loc + advance, pc) > 0) {
                    return;
                }
                loc += advance;
            }
        }
    }

    private static byte[] block(ByteBuffer b) {
        int n = (int) DwarfExpressions.uleb(b);
        byte[] e = new byte[n];
        b.get(e);
        return e;
    }

    private void set(int reg, int kind, long arg) {
        if (reg >= 0 && reg < REGISTERS) {
            rule[reg] = kind;
            argument[reg] = arg;
            expression[reg] = null;
        }
    }

    private void setExpression(int reg, int kind, byte[] e) {
        if (reg >= 0 && reg < REGISTERS) {
            rule[reg] = kind;
            argument[reg] = 0;
            expression[reg] = e;
        }
    }

    private void restore(int reg, CfaRules initial) {
        if (reg >= 0 && reg < REGISTERS) {
            rule[reg] = initial == null ? UNSPECIFIED : initial.rule[reg];
            argument[reg] = initial == null ? 0 : initial.argument[reg];
            expression[reg] = initial == null ? null : initial.expression[reg];
        }
    }

    @Override
    public String toString() {
        return "CFA=" + (cfaExpression != null ? "exp" : "r" + cfaRegister + "+" + cfaOffset) + " rules="
                + Arrays.toString(rule);
    }
}
