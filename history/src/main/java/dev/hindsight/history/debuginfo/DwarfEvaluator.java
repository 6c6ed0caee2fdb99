package dev.hindsight.history.debuginfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Evaluates a DWARF expression with a frame's registers and memory, as gdb's
 * {@code dwarf_expr_context} does for a location description (DWARF 5 §2.5, §2.6): the stack
 * operations, registers and based registers, the frame base and the CFA, memory reads, entry
 * values through the caller's call site, {@code DW_OP_stack_value}, {@code DW_OP_implicit_value}
 * and pieces of up to 8 bytes. What {@link DwarfExpressions} only classifies for replay, this
 * computes for a live frame. Operations it does not know make the result {@link Result#UNSUPPORTED}.
 */
final class DwarfEvaluator {
    /** The frame an expression is evaluated in. */
    interface Frame {
        /** The value of DWARF register {@code reg} in this frame, or {@code null} if not known (not saved). */
        Long register(int reg);

        /** {@code size} little-endian bytes at {@code address}, or {@code null} if unreadable. */
        Long memory(long address, int size);

        /** The frame base ({@code DW_AT_frame_base} evaluated), or {@code null} if the function has none. */
        default Long frameBase() {
            return null;
        }

        /** The frame's canonical frame address, or {@code null} if not known. */
        default Long cfa() {
            return null;
        }

        /** What register {@code reg} held when the function was entered, or {@code null} if no call site tells. */
        default Long entryValue(int reg) {
            return null;
        }
    }

    /** The value is in memory at {@link Result#value}. */
    static final int MEMORY = 0;
    /** The value is in DWARF register {@link Result#value}. */
    static final int REGISTER = 1;
    /** The value itself ({@code DW_OP_stack_value}, {@code DW_OP_implicit_value}, assembled pieces). */
    static final int VALUE = 2;
    /** gdb's {@code <optimized out>}: an empty piece, an unknown entry value. */
    static final int OPTIMIZED_OUT = 3;
    /** A register the frame does not have (not saved by its callees): gdb's {@code <not saved>}, printed as optimized out. */
    static final int NOT_SAVED = 4;
    /** Memory that could not be read, at {@link Result#value}. */
    static final int MEMORY_ERROR = 5;
    /** An operation not evaluated here. */
    static final int UNSUPPORTED = 6;

    /**
     * What an expression describes.
     *
     * @param kind {@link #MEMORY}, {@link #REGISTER}, {@link #VALUE}, {@link #OPTIMIZED_OUT},
     *     {@link #NOT_SAVED}, {@link #MEMORY_ERROR} or {@link #UNSUPPORTED}
     * @param value the address, register number or value bits
     */
    record Result(int kind, long value) {
    }

    /** An evaluation that cannot go on: its result. */
    private static final class Stop extends RuntimeException {
        final transient Result result;

        Stop(int kind, long value) {
            super(null, null, false, false);
            this.result = new Result(kind, value);
        }
    }

    private DwarfEvaluator() {
    }

    /**
     * Evaluates {@code expression} in {@code frame}.
     *
     * @param bias what {@code DW_OP_addr} addresses are moved by (the object's load bias)
     * @param initial a value pushed first ({@code DW_CFA_expression} pushes the CFA), or {@code null}
     */
    static Result evaluate(byte[] expression, long bias, Frame frame, Long initial) {
        try {
            return run(expression, bias, frame, initial);
        } catch (Stop s) {
            return s.result;
        } catch (RuntimeException e) {
            return new Result(UNSUPPORTED, 0); // truncated or malformed expression
        }
    }

    /**
     * The value an expression gives as an address or number (a CFA, a frame base): the top of the
     * stack, or a register's contents; {@code null} if it cannot be computed.
     */
    static Long address(byte[] expression, long bias, Frame frame, Long initial) {
        Result r = evaluate(expression, bias, frame, initial);
        return switch (r.kind()) {
            case MEMORY, VALUE -> r.value();
            case REGISTER -> frame.register((int) r.value());
            default -> null;
        };
    }

    private static Result run(byte[] expression, long bias, Frame frame, Long initial) {
        ByteBuffer b = ByteBuffer.wrap(expression).order(ByteOrder.LITTLE_ENDIAN);
        long[] stack = new long[64];
        int sp = 0;
        if (initial != null) {
            stack[sp++] = initial;
        }
        int kind = MEMORY;
        long register = -1;
        long piecesValue = 0;
        int piecesBits = 0;
        boolean pieced = false;
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            if (op >= 0x30 && op <= 0x4f) { // DW_OP_lit0..31
                stack[sp++] = op - 0x30;
                continue;
            }
            if (op >= 0x50 && op <= 0x6f) { // DW_OP_reg0..31
                kind = REGISTER;
                register = op - 0x50;
                continue;
            }
            if (op >= 0x70 && op <= 0x8f) { // DW_OP_breg0..31
                stack[sp++] = register(frame, op - 0x70) + DwarfExpressions.sleb(b);
                continue;
            }
            switch (op) {
                case 0x03 -> stack[sp++] = b.getLong() + bias; // DW_OP_addr
                case 0x06 -> stack[sp - 1] = memory(frame, stack[sp - 1], 8); // DW_OP_deref
                case 0x08 -> stack[sp++] = b.get() & 0xffL;
                case 0x09 -> stack[sp++] = b.get();
                case 0x0a -> stack[sp++] = b.getShort() & 0xffffL;
                case 0x0b -> stack[sp++] = b.getShort();
                case 0x0c -> stack[sp++] = b.getInt() & 0xffffffffL;
                case 0x0d -> stack[sp++] = b.getInt();
                case 0x0e, 0x0f -> stack[sp++] = b.getLong();
                case 0x10 -> stack[sp++] = DwarfExpressions.uleb(b);
                case 0x11 -> stack[sp++] = DwarfExpressions.sleb(b);
                case 0x12 -> { // dup
                    stack[sp] = stack[sp - 1];
                    sp++;
                }
                case 0x13 -> sp--; // drop
                case 0x14 -> { // over
                    stack[sp] = stack[sp - 2];
                    sp++;
                }
                case 0x15 -> { // pick
                    int i = b.get() & 0xff;
                    stack[sp] = stack[sp - 1 - i];
                    sp++;
                }
                case 0x16 -> { // swap
                    long t = stack[sp - 1];
                    stack[sp - 1] = stack[sp - 2];
                    stack[sp - 2] = t;
                }
                case 0x17 -> { // rot
                    long t = stack[sp - 1];
                    stack[sp - 1] = stack[sp - 2];
                    stack[sp - 2] = stack[sp - 3];
                    stack[sp - 3] = t;
                }
                case 0x19 -> stack[sp - 1] = Math.abs(stack[sp - 1]);
                case 0x1f -> stack[sp - 1] = -stack[sp - 1];
                case 0x20 -> stack[sp - 1] = ~stack[sp - 1];
                case 0x23 -> stack[sp - 1] += DwarfExpressions.uleb(b); // plus_uconst
                case 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
                        0x2e -> {
                    long y = stack[--sp];
                    long x = stack[sp - 1];
                    stack[sp - 1] = binary(op, x, y);
                }
                case 0x28 -> { // bra
                    short skip = b.getShort();
                    if (stack[--sp] != 0) {
                        b.position(b.position() + skip);
                    }
                }
                case 0x2f -> { // skip
                    short skip = b.getShort();
                    b.position(b.position() + skip);
                }
                case 0x90 -> { // regx
                    kind = REGISTER;
                    register = DwarfExpressions.uleb(b);
                }
                case 0x91 -> { // fbreg
                    Long base = frame.frameBase();
                    if (base == null) {
                        throw new Stop(UNSUPPORTED, 0);
                    }
                    stack[sp++] = base + DwarfExpressions.sleb(b);
                }
                case 0x92 -> { // bregx
                    int reg = (int) DwarfExpressions.uleb(b);
                    stack[sp++] = register(frame, reg) + DwarfExpressions.sleb(b);
                }
                case 0x93, 0x9d -> { // piece, bit_piece
                    long size = DwarfExpressions.uleb(b);
                    long bits = op == 0x93 ? size * 8 : size;
                    if (op == 0x9d) {
                        DwarfExpressions.uleb(b); // offset: pieces here start at bit 0
                    }
                    long part;
                    if (kind == REGISTER && register >= 0) {
                        part = register(frame, (int) register);
                    } else if (kind == VALUE) {
                        part = stack[sp - 1];
                    } else if (sp == 0) {
                        throw new Stop(OPTIMIZED_OUT, 0); // an empty piece: optimized out
                    } else {
                        part = memory(frame, stack[sp - 1], (int) Math.min(8, (bits + 7) / 8));
                    }
                    if (piecesBits < 64) {
                        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
                        piecesValue |= (part & mask) << piecesBits;
                    }
                    piecesBits += (int) bits;
                    pieced = true;
                    sp = 0;
                    kind = MEMORY;
                    register = -1;
                }
                case 0x94 -> { // deref_size
                    int n = b.get() & 0xff;
                    stack[sp - 1] = memory(frame, stack[sp - 1], n);
                }
                case 0x96 -> {
                    // nop
                }
                case 0x9c -> { // call_frame_cfa
                    Long cfa = frame.cfa();
                    if (cfa == null) {
                        throw new Stop(UNSUPPORTED, 0);
                    }
                    stack[sp++] = cfa;
                }
                case 0x9e -> { // implicit_value
                    stack[sp++] = littleEndian(b, (int) DwarfExpressions.uleb(b));
                    kind = VALUE;
                }
                case 0x9f -> kind = VALUE; // stack_value
                case 0xa3, 0xf3 -> { // entry_value, GNU_entry_value
                    int n = (int) DwarfExpressions.uleb(b);
                    int end = b.position() + n;
                    int sub = b.get() & 0xff;
                    int reg;
                    if (sub >= 0x50 && sub <= 0x6f) {
                        reg = sub - 0x50;
                    } else if (sub == 0x90) {
                        reg = (int) DwarfExpressions.uleb(b);
                    } else {
                        throw new Stop(UNSUPPORTED, 0);
                    }
                    if (b.position() != end) {
                        throw new Stop(UNSUPPORTED, 0);
                    }
                    Long v = frame.entryValue(reg);
                    if (v == null) {
                        throw new Stop(OPTIMIZED_OUT, 0); // gdb's NO_ENTRY_VALUE_ERROR
                    }
                    stack[sp++] = v;
                }
                case 0xa4, 0xf4 -> { // const_type, GNU_const_type: the constant's bits
                    DwarfExpressions.uleb(b);
                    stack[sp++] = littleEndian(b, b.get() & 0xff);
                }
                case 0xa5, 0xf5 -> { // regval_type, GNU_regval_type: the register's bits
                    int reg = (int) DwarfExpressions.uleb(b);
                    DwarfExpressions.uleb(b);
                    stack[sp++] = register(frame, reg);
                }
                case 0xa6, 0xf6 -> { // deref_type, GNU_deref_type
                    int n = b.get() & 0xff;
                    DwarfExpressions.uleb(b);
                    stack[sp - 1] = memory(frame, stack[sp - 1], Math.min(8, n));
                }
                case 0xa8, 0xf7 -> { // convert: to the generic type keeps the bits; others not followed
                    if (DwarfExpressions.uleb(b) != 0) {
                        throw new Stop(UNSUPPORTED, 0);
                    }
                }
                case 0xa9, 0xf9 -> DwarfExpressions.uleb(b); // reinterpret: the same bits
                default -> throw new Stop(UNSUPPORTED, 0);
            }
        }
        if (pieced) {
            return new Result(VALUE, piecesValue);
        }
        if (kind == REGISTER) {
            return new Result(REGISTER, register);
        }
        if (sp == 0) {
            return new Result(OPTIMIZED_OUT, 0);
        }
        return new Result(kind, stack[sp - 1]);
    }

    private static long binary(int op, long x, long y) {
        return switch (op) {
            case 0x1a -> x & y;
            case 0x1b -> {
                if (y == 0) {
                    throw new Stop(UNSUPPORTED, 0); // gdb: "Division by zero"
                }
                yield x / y;
            }
            case 0x1c -> x - y;
            case 0x1d -> {
                if (y == 0) {
                    throw new Stop(UNSUPPORTED, 0);
                }
                yield Long.remainderUnsigned(x, y);
            }
            case 0x1e -> x * y;
            case 0x21 -> x | y;
            case 0x22 -> x + y;
            case 0x24 -> y >= 64 ? 0 : x << y;
            case 0x25 -> y >= 64 ? 0 : x >>> y;
            case 0x26 -> y >= 64 ? (x < 0 ? -1 : 0) : x >> y;
            case 0x27 -> x ^ y;
            case 0x29 -> x == y ? 1 : 0;
            case 0x2a -> x >= y ? 1 : 0;
            case 0x2b -> x > y ? 1 : 0;
            case 0x2c -> x <= y ? 1 : 0;
            case 0x2d -> x < y ? 1 : 0;
            default -> x != y ? 1 : 0;
        };
    }

    private static long register(Frame frame, int reg) {
        Long v = frame.register(reg);
        if (v == null) {
            throw new Stop(NOT_SAVED, reg);
        }
        return v;
    }

    private static long memory(Frame frame, long address, int size) {
        Long v = frame.memory(address, size);
        if (v == null) {
            throw new Stop(MEMORY_ERROR, address);
        }
        return v;
    }

    // n little-endian bytes of a block constant; bytes past the eighth are skipped.
    private static long littleEndian(ByteBuffer b, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            long x = b.get() & 0xffL;
            if (i < 8) {
                v |= x << (8 * i);
            }
        }
        return v;
    }
}
