package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import dev.hindsight.pt.x86.disasm.DisassembledInsn;
import dev.hindsight.pt.x86.disasm.Disassembler;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Disassembly text as gdb prints it (binutils' AT&T style) from Capstone's AT&T output: the
 * mnemonic padded to 6 characters plus a space, operands without blanks after commas, numbers in
 * hex, size suffixes only where no register operand implies the size, {@code <sym+off>} after
 * direct branch targets and {@code # 0x... <sym>} after rip-relative operands.
 *
 * <p>Known differences from binutils: Capstone drops a zero 8-bit displacement and an implicit
 * scale of 1 in some forms, and data symbols are not known (only functions).
 */
public final class GdbDisassembly implements InsnTextFormatter {
    private static final Set<String> SUFFIXED = Set.of("mov", "add", "sub", "and", "or", "xor", "cmp", "test",
            "lea", "inc", "dec", "neg", "not", "shl", "shr", "sar", "sal", "rol", "ror", "imul", "mul", "div",
            "idiv", "adc", "sbb", "xchg", "bt", "bts", "btr", "btc", "xadd", "cmpxchg", "bsf", "bsr");
    private static final Set<String> STACK_OR_BRANCH = Set.of("push", "pop", "call", "ret", "jmp", "lret",
            "leave", "iret", "pushf", "popf");

    private final Disassembler disassembler;
    private final SymbolLookup symbols;

    /** Text from {@code disassembler} (AT&T syntax) with symbols from {@code symbols}. */
    public GdbDisassembly(Disassembler disassembler, SymbolLookup symbols) {
        this.disassembler = disassembler;
        this.symbols = symbols;
    }

    @Override
    public String format(byte[] bytes, int len, long ip) {
        Optional<DisassembledInsn> d = disassembler.disassemble(bytes, 0, len, ip);
        if (d.isEmpty()) {
            return "(bad)";
        }
        return format(d.get().mnemonic(), d.get().operands(), ip, d.get().size());
    }

    /** Rewrites one Capstone instruction. */
    String format(String mnemonic, String operands, long ip, int size) {
        String ops = operands(operands.replace(", ", ","));
        String mn = mnemonic(mnemonic, ops);
        StringBuilder s = new StringBuilder(48);
        s.append(mn);
        if (!ops.isEmpty()) {
            // binutils pads the mnemonic to 6 columns plus a blank, only before operands.
            for (int i = mn.length(); i < 6; i++) {
                s.append(' ');
            }
            s.append(' ');
            s.append(ops);
        }
        if (isBranch(mn) && ops.matches("0x[0-9a-f]+")) {
            long target = Long.parseUnsignedLong(ops.substring(2), 16);
            s.append(symbolic(target, " <", ">"));
        } else {
            int rip = ops.indexOf("(%rip)");
            if (rip >= 0) {
                int start = rip;
                while (start > 0 && "0123456789abcdefx-".indexOf(ops.charAt(start - 1)) >= 0) {
                    start--;
                }
                String disp = ops.substring(start, rip);
                long d = disp.isEmpty() ? 0 : disp.startsWith("-") ? -Long.parseUnsignedLong(disp.substring(3), 16)
                        : Long.parseUnsignedLong(disp.substring(2), 16);
                long target = ip + size + d;
                s.append(String.format(Locale.ROOT, "        # 0x%x", target)).append(symbolic(target, " <", ">"));
            }
        }
        return s.toString();
    }

    private String symbolic(long target, String open, String close) {
        FunctionSymbol f = symbols.find(target);
        if (f == null) {
            return "";
        }
        long off = target - f.start();
        return open + f.printName() + (off == 0 ? "" : "+" + off) + close;
    }

    private static boolean isBranch(String mn) {
        return mn.startsWith("j") || mn.equals("call") || mn.startsWith("loop") || mn.equals("xbegin");
    }

    private static String mnemonic(String mn, String ops) {
        if (mn.length() < 2) {
            return mn;
        }
        char last = mn.charAt(mn.length() - 1);
        String base = mn.substring(0, mn.length() - 1);
        if ("bwlq".indexOf(last) < 0) {
            return mn;
        }
        if (STACK_OR_BRANCH.contains(base) && last == 'q') {
            return base;
        }
        if (SUFFIXED.contains(base) && hasRegisterOperand(ops)) {
            return base;
        }
        return mn;
    }

    private static boolean hasRegisterOperand(String ops) {
        int depth = 0;
        for (int i = 0; i < ops.length(); i++) {
            char c = ops.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '%' && depth == 0 && !ops.startsWith("%rip", i)) {
                // A segment override (%fs:) does not size the operation.
                int colon = ops.indexOf(':', i);
                int comma = ops.indexOf(',', i);
                if (colon < 0 || (comma >= 0 && comma < colon) || colon - i > 3) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Decimal numbers to hex outside parentheses; an index without scale gets {@code ,1}. */
    private static String operands(String ops) {
        StringBuilder s = new StringBuilder(ops.length() + 8);
        int depth = 0;
        int commas = 0;
        for (int i = 0; i < ops.length(); i++) {
            char c = ops.charAt(i);
            if (c == '(') {
                depth++;
                commas = 0;
                s.append(c);
                continue;
            }
            if (c == ')') {
                if (commas == 1) {
                    s.append(",1");
                }
                depth--;
                s.append(c);
                continue;
            }
            if (depth > 0 && c == ',') {
                commas++;
            }
            boolean numberStart = Character.isDigit(c) && depth == 0
                    && (i == 0 || "$-,*:".indexOf(ops.charAt(i - 1)) >= 0)
                    && !ops.startsWith("0x", i);
            if (numberStart) {
                int j = i;
                while (j < ops.length() && Character.isDigit(ops.charAt(j))) {
                    j++;
                }
                s.append("0x").append(Long.toHexString(Long.parseLong(ops.substring(i, j))));
                i = j - 1;
                continue;
            }
            if (numberStart || !(Character.isDigit(c) && depth == 0 && ops.startsWith("0x", i))) {
                s.append(c);
                continue;
            }
            // A hex number: copy as is.
            int j = i + 2;
            while (j < ops.length() && Character.digit(ops.charAt(j), 16) >= 0) {
                j++;
            }
            s.append(ops, i, j);
            i = j - 1;
        }
        return s.toString();
    }
}
