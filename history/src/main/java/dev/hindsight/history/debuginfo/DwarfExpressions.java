package dev.hindsight.history.debuginfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a DWARF expression gives while replaying btrace, where only the pc is known: a register
 * (unavailable, but a call site may tell its entry value), a constant, an entry value, or
 * unavailable. gdb evaluates expressions in order and the first operation that needs a register,
 * the frame base or memory makes the value unavailable ({@code NOT_AVAILABLE_ERROR}), the first
 * entry value that no call site tells makes it optimized out ({@code NO_ENTRY_VALUE_ERROR}).
 */
final class DwarfExpressions {
    private DwarfExpressions() {
    }

    /**
     * What a DWARF expression gives while only the pc is known: {@code {kind, value}} with the
     * kinds of {@link DwarfFunctions}, or {@code null} for an empty one (no location).
     * A location expression: a single register; a constant or an entry value of a register
     * followed by {@code DW_OP_stack_value}; a value expression ({@code DW_AT_call_value}): a
     * constant or an entry value alone. Anything else reads registers or memory: unavailable.
     */
    static long[] classify(ByteBuffer sec, int at, int len, boolean valueExpression) {
        if (len <= 0) {
            return null;
        }
        long[] unavailable = {DwarfFunctions.UNAVAILABLE, 0};
        try {
            ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position(at);
            int end = at + len;
            int op = b.get() & 0xff;
            if (!valueExpression && op >= 0x50 && op <= 0x6f) { // DW_OP_reg0..31
                return b.position() == end ? new long[] {DwarfFunctions.REGISTER, op - 0x50} : unavailable;
            }
            if (!valueExpression && op == 0x90) { // DW_OP_regx
                long r = uleb(b);
                return b.position() == end ? new long[] {DwarfFunctions.REGISTER, r} : unavailable;
            }
            int kind;
            long value;
            if (op >= 0x30 && op <= 0x4f) { // DW_OP_lit0..31
                kind = DwarfFunctions.CONSTANT;
                value = op - 0x30;
            } else if (op >= 0x08 && op <= 0x11) { // DW_OP_const1u .. DW_OP_consts
                kind = DwarfFunctions.CONSTANT;
                value = switch (op) {
                    case 0x08 -> b.get() & 0xffL;
                    case 0x09 -> b.get();
                    case 0x0a -> b.getShort() & 0xffffL;
                    case 0x0b -> b.getShort();
                    case 0x0c -> b.getInt() & 0xffffffffL;
                    case 0x0d -> b.getInt();
                    case 0x0e, 0x0f -> b.getLong();
                    case 0x10 -> uleb(b);
                    default -> sleb(b);
                };
            } else if (op == 0x9e && !valueExpression) { // DW_OP_implicit_value: the value itself
                int n = (int) uleb(b);
                long[] bits = blockBits(sec, b.position(), n);
                b.position(b.position() + n);
                return bits != null && b.position() == end ? new long[] {DwarfFunctions.CONSTANT, bits[0]} : unavailable;
            } else if (op == 0xa4 || op == 0xf4) { // DW_OP_const_type, DW_OP_GNU_const_type
                uleb(b);
                int n = b.get() & 0xff;
                long[] bits = blockBits(sec, b.position(), n);
                b.position(b.position() + n);
                if (bits == null) {
                    return unavailable;
                }
                kind = DwarfFunctions.CONSTANT;
                value = bits[0];
            } else if (op == 0xa3 || op == 0xf3) { // DW_OP_entry_value, DW_OP_GNU_entry_value
                int n = (int) uleb(b);
                int subEnd = b.position() + n;
                int sub = b.get() & 0xff;
                long reg;
                if (sub >= 0x50 && sub <= 0x6f) {
                    reg = sub - 0x50;
                } else if (sub == 0x90) {
                    reg = uleb(b);
                } else {
                    return unavailable;
                }
                if (b.position() != subEnd) {
                    return unavailable;
                }
                kind = DwarfFunctions.ENTRY_VALUE;
                value = reg;
            } else {
                return scan(sec, at, end);
            }
            if (!valueExpression) {
                if (b.position() >= end) {
                    // Without DW_OP_stack_value the value is an address: memory is read there.
                    return kind == DwarfFunctions.ENTRY_VALUE ? new long[] {DwarfFunctions.ENTRY_EXPRESSION, value}
                            : unavailable;
                }
                if ((b.get() & 0xff) != 0x9f) { // DW_OP_stack_value
                    return scan(sec, at, end);
                }
            }
            if (b.position() == end) {
                return new long[] {kind, value};
            }
            return scan(sec, at, end);
        } catch (RuntimeException e) {
            return unavailable;
        }
    }

    /**
     * A longer expression, evaluated in order until an operation needs what replay lacks: a
     * register, the frame base or memory (unavailable), or an entry value (what that gives, with
     * arithmetic on it not done here).
     */
    private static long[] scan(ByteBuffer sec, int at, int end) {
        long[] unavailable = {DwarfFunctions.UNAVAILABLE, 0};
        ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(at);
        while (b.position() < end) {
            int op = b.get() & 0xff;
            if (op == 0xa3 || op == 0xf3) { // DW_OP_entry_value, DW_OP_GNU_entry_value
                int n = (int) uleb(b);
                int sub = b.get() & 0xff;
                if (sub >= 0x50 && sub <= 0x6f && n == 1) {
                    return new long[] {DwarfFunctions.ENTRY_EXPRESSION, sub - 0x50};
                }
                if (sub == 0x90) {
                    return new long[] {DwarfFunctions.ENTRY_EXPRESSION, uleb(b)};
                }
                return unavailable;
            }
            if ((op >= 0x50 && op <= 0x92) || op == 0x06 || op == 0x94 || op == 0x9c || op == 0xa5 || op == 0xa6
                    || op == 0xf5 || op == 0xf6 || op == 0x03 || op == 0xa1 || op == 0xfb || op == 0x9b
                    || op == 0xe0 || op == 0xfa) {
                // registers, frame base, memory, addresses (their memory), TLS, parameter refs
                return unavailable;
            }
            switch (op) {
                case 0x08, 0x09, 0x15, 0x94, 0x95 -> b.get();
                case 0x0a, 0x0b, 0x28, 0x2f, 0x98 -> b.getShort();
                case 0x0c, 0x0d, 0x99, 0x9a -> b.getInt();
                case 0x0e, 0x0f -> b.getLong();
                case 0x10, 0x23, 0x93, 0xa2, 0xa8, 0xa9, 0xf7, 0xf9, 0xfc -> uleb(b);
                case 0x11 -> sleb(b);
                case 0x9d -> {
                    uleb(b);
                    uleb(b);
                }
                case 0x9e -> b.position((int) (b.position() + uleb(b)));
                case 0xa0, 0xf2 -> {
                    b.getInt();
                    sleb(b);
                }
                case 0xa4, 0xf4 -> {
                    uleb(b);
                    b.position(b.position() + (b.get() & 0xff));
                }
                default -> {
                    if (!((op >= 0x12 && op <= 0x4f) || op == 0x96 || op == 0x9f)) {
                        return unavailable; // an operation we do not know: assume it reads state
                    }
                }
            }
        }
        // Only constants and arithmetic: a value, but not one computed here.
        return unavailable;
    }

    /** A copy of the {@code len} bytes of an expression at {@code at}, for a live frame to evaluate. */
    static byte[] bytes(ByteBuffer sec, int at, int len) {
        byte[] e = new byte[Math.max(0, len)];
        sec.get(at, e);
        return e;
    }

    /** Up to 8 little-endian bytes as a number, or {@code null} if longer. */
    static long[] blockBits(ByteBuffer sec, int at, int n) {
        if (n > 8) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (sec.get(at + i) & 0xffL) << (8 * i);
        }
        return new long[] {v};
    }

    static long uleb(ByteBuffer b) {
        long r = 0;
        int shift = 0;
        byte x;
        do {
            x = b.get();
            if (shift < 64) {
                r |= (long) (x & 0x7f) << shift;
            }
            shift += 7;
        } while (x < 0);
        return r;
    }

    static long sleb(ByteBuffer b) {
        int start = b.position();
        long r = uleb(b);
        // The same bits, sign-extended from the last byte's bit 6.
        int shift = 7 * (b.position() - start);
        if (shift < 64 && (b.get(b.position() - 1) & 0x40) != 0) {
            r |= -1L << shift;
        }
        return r;
    }
}
