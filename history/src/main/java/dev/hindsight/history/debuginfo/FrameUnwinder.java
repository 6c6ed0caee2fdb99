package dev.hindsight.history.debuginfo;

import dev.hindsight.history.target.TargetMemory;
import dev.hindsight.history.target.TargetRegisters;


/**
 * gdb's dwarf2 frame unwinder for x86-64 over a live process: from a frame's registers and the
 * CFI row at its address in block, the CFA and the caller's registers (the return address column
 * gives the caller's pc, the CFA its stack pointer, registers without a rule keep their value as
 * gdb's {@code DWARF2_FRAME_REG_UNSPECIFIED} does). Memory is the live process's.
 */
final class FrameUnwinder {
    private final CallFrameInfo cfi;
    private final TargetMemory memory;

    FrameUnwinder(CallFrameInfo cfi, TargetMemory memory) {
        this.cfi = cfi;
        this.memory = memory;
    }

    /** The innermost frame from the live registers, or {@code null} if they cannot be read. */
    LiveFrame innermost(TargetRegisters live) {
        Long pc = live.value("rip");
        if (pc == null) {
            return null;
        }
        LiveFrame f = new LiveFrame(0, pc);
        for (int r = 0; r < LiveFrame.NAMES.length; r++) {
            Long v = live.value(LiveFrame.NAMES[r]);
            if (v != null) {
                f.set(r, v);
            }
        }
        return f;
    }

    /**
     * The caller of {@code frame}, computing {@code frame}'s CFA on the way; {@code null} if no
     * FDE covers its address, the return address is undefined (the outermost frame) or a saved
     * register cannot be read.
     */
    LiveFrame caller(LiveFrame frame) {
        CfaRules rules = cfi.rules(frame.addressInBlock());
        if (rules == null) {
            return null;
        }
        DwarfEvaluator.Frame context = context(frame);
        Long cfa;
        if (rules.cfaExpression != null) {
            cfa = DwarfEvaluator.address(rules.cfaExpression, 0, context, null);
        } else {
            Long base = frame.register(rules.cfaRegister);
            cfa = base == null ? null : base + rules.cfaOffset;
        }
        if (cfa == null) {
            return null;
        }
        frame.cfa = cfa;
        int ra = rules.returnColumn;
        if (ra < 0 || ra >= CfaRules.REGISTERS) {
            return null;
        }
        Long pc = value(rules, ra, frame, cfa, context);
        if (pc == null || rules.ruleOf(ra) == CfaRules.UNDEFINED || rules.ruleOf(ra) == CfaRules.UNSPECIFIED || pc == 0) {
            return null;
        }
        LiveFrame caller = new LiveFrame(frame.level + 1, pc);
        for (int r = 0; r < CfaRules.REGISTERS; r++) {
            if (r == LiveFrame.RIP) {
                caller.set(r, pc);
                continue;
            }
            if (r == LiveFrame.RSP && rules.ruleOf(r) == CfaRules.UNSPECIFIED) {
                caller.set(r, cfa); // the stack pointer's default rule: the CFA
                continue;
            }
            Long v = value(rules, r, frame, cfa, context);
            if (v != null) {
                caller.set(r, v);
            }
        }
        return caller;
    }

    /** The caller's value of register {@code r} by its rule, or {@code null} if undefined or unreadable. */
    private Long value(CfaRules rules, int r, LiveFrame frame, long cfa, DwarfEvaluator.Frame context) {
        return switch (rules.ruleOf(r)) {
            case CfaRules.UNDEFINED -> null;
            case CfaRules.OFFSET -> read(cfa + rules.argument[r], 8);
            case CfaRules.VAL_OFFSET -> cfa + rules.argument[r];
            case CfaRules.REGISTER -> frame.register((int) rules.argument[r]);
            case CfaRules.EXPRESSION -> {
                Long at = DwarfEvaluator.address(rules.expression[r], 0, context, cfa);
                yield at == null ? null : read(at, 8);
            }
            case CfaRules.VAL_EXPRESSION -> DwarfEvaluator.address(rules.expression[r], 0, context, cfa);
            default -> frame.register(r); // same value, unspecified
        };
    }

    /** What a DWARF expression sees in {@code frame}: its registers, the memory, its CFA. */
    DwarfEvaluator.Frame context(LiveFrame frame) {
        return new DwarfEvaluator.Frame() {
            @Override
            public Long register(int reg) {
                return frame.register(reg);
            }

            @Override
            public Long memory(long address, int size) {
                return read(address, size);
            }

            @Override
            public Long cfa() {
                return frame.cfa;
            }
        };
    }

    /** {@code size} (1..8) little-endian bytes at {@code address}, or {@code null} if unreadable. */
    Long read(long address, int size) {
        return read(memory, address, size);
    }

    /** {@code size} (1..8) little-endian bytes of {@code memory} at {@code address}, or {@code null}. */
    static Long read(TargetMemory memory, long address, int size) {
        if (size < 1 || size > 8) {
            return null;
        }
        byte[] b = new byte[size];
        if (memory.read(address, b, 0, size) != size) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v |= (b[i] & 0xffL) << (8 * i);
        }
        return v;
    }
}
