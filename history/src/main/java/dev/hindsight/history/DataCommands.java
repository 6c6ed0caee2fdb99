package dev.hindsight.history;

import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * gdb's commands that show memory and registers, kept small and exact: {@code x/NFU ADDRESS}
 * (formats x z d u o t c a s i, units b h w g, gdb's defaults and its memory of the last format,
 * size, count and address), {@code print[/F] $REGISTER} with gdb's value history numbers, and
 * {@code info registers [REGISTER...]}. Memory comes through the browser's {@link DisplayMemory}
 * (so record-btrace's replay rules apply); registers from the live thread when not replaying,
 * while replaying only the pc is available, as in record-btrace (spec §6.2).
 *
 * <p>Addresses are numbers, {@code $REGISTER}, {@code &SYMBOL} or {@code SYMBOL} (taken as its
 * address, as gdb takes an array's; there are no types here), each optionally {@code + N} or
 * {@code - N}.
 */
public final class DataCommands {
    /** gdb's {@code print elements} default: the longest string {@code x/s} prints. */
    private static final int PRINT_ELEMENTS = 200;
    /** gdb's {@code print repeats} default: longer runs of one character print as a repeat block. */
    private static final int REPEAT_THRESHOLD = 10;

    /** The registers {@code info registers} lists, in gdb's amd64 order (general group). */
    public static final List<String> GENERAL = List.of("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
            "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds",
            "es", "fs", "gs");
    private static final List<String> MORE = List.of("fs_base", "gs_base");
    private static final Map<String, String> ALIASES = Map.of("pc", "rip", "sp", "rsp", "fp", "rbp");
    private static final List<String> HALVES = List.of("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp");
    private static final String[] EFLAGS = {"CF", "", "PF", "", "AF", "", "ZF", "SF", "TF", "IF", "DF", "OF",
        "", "", "NT", "", "RF", "VM", "AC", "VIF", "VIP", "ID"};

    private char lastFormat = 'x';
    private char lastSize = 'w';
    private int lastCount = 1;
    private long nextAddress;
    private boolean haveNext;
    private int values;

    /** A fresh state: gdb's defaults ({@code x/1xw}, no address examined yet, no values printed). */
    public DataCommands() {
    }

    // ---------------------------------------------------------------- x

    /** {@code x[/FMT] [ADDRESS]}. */
    public void examine(HistoryBrowser browser, String args, HistoryOutput out) {
        String a = args == null ? "" : args.strip();
        char format = lastFormat;
        char size = lastSize;
        int count = 1;
        boolean explicitFormat = false;
        if (a.startsWith("/")) {
            explicitFormat = true;
            int i = 1;
            int c = -1;
            char f = '?';
            char s = '?';
            while (i < a.length() && Character.isDigit(a.charAt(i))) {
                c = (c < 0 ? 0 : c * 10) + (a.charAt(i) - '0');
                i++;
            }
            while (i < a.length() && !Character.isWhitespace(a.charAt(i))) {
                char ch = a.charAt(i++);
                if ("bhwg".indexOf(ch) >= 0) {
                    s = ch;
                } else if ("xzduotcasif".indexOf(ch) >= 0) {
                    f = ch;
                } else {
                    throw new HistoryError("Undefined output format \"" + ch + "\".");
                }
            }
            a = a.substring(i).strip();
            count = c < 0 ? 1 : c;
            // gdb's decode_format defaults.
            if (f == '?') {
                f = s == '?' ? lastFormat : lastFormat == 'i' ? 'x' : lastFormat;
                if (s == '?') {
                    s = lastSize;
                }
            } else if (s == '?') {
                s = switch (f) {
                    case 'a' -> 'g';
                    case 'c' -> 'b';
                    case 's' -> 'b';
                    default -> lastSize;
                };
            }
            format = f;
            size = s;
        }
        if (format == 'f') {
            throw new HistoryError("Floating-point formats (x/f) are not supported.");
        }
        if (format == 'a') {
            size = 'g';
        }
        long address;
        if (a.isEmpty()) {
            if (!haveNext) {
                throw new HistoryError("Argument required (starting display address).");
            }
            address = nextAddress;
            if (!explicitFormat) {
                count = lastCount;
            }
        } else {
            address = evaluateAddress(browser, a);
        }
        lastFormat = format;
        lastSize = format == 's' ? 'b' : size;
        lastCount = count;
        nextAddress = address;
        haveNext = true;
        if (format == 's') {
            for (int k = 0; k < count; k++) {
                nextAddress = examineString(browser, nextAddress, out);
            }
        } else if (format == 'i') {
            for (int k = 0; k < count; k++) {
                nextAddress = examineInstruction(browser, nextAddress, out);
            }
        } else {
            examineUnits(browser, format, unitBytes(size), count, out);
        }
    }

    private static int unitBytes(char size) {
        return switch (size) {
            case 'b' -> 1;
            case 'h' -> 2;
            case 'w' -> 4;
            default -> 8;
        };
    }

    private void examineUnits(HistoryBrowser browser, char format, int bytes, int count, HistoryOutput out) {
        int perLine = bytes == 1 || bytes == 2 ? 8 : bytes == 4 ? 4 : 2;
        byte[] buf = new byte[8];
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < count; k++) {
            if (k % perLine == 0) {
                if (line.length() > 0) {
                    out.text(line.toString());
                    line.setLength(0);
                }
                line.append(label(browser, nextAddress)).append(':');
            }
            line.append('\t');
            int n = read(browser, nextAddress, buf, bytes);
            if (n == DisplayMemory.UNAVAILABLE) {
                line.append("<unavailable>");
            } else if (n < bytes) {
                out.partial(line.toString());
                throw cannotAccess(nextAddress + Math.max(n, 0));
            } else {
                line.append(formatUnit(browser, format, bytes, littleEndian(buf, bytes)));
            }
            nextAddress += bytes;
        }
        if (line.length() > 0) {
            out.text(line.toString());
        }
    }

    private static HistoryError cannotAccess(long address) {
        return new HistoryError(String.format(Locale.ROOT, "Cannot access memory at address 0x%x", address));
    }

    /** Reads whole {@code length} bytes; the count read, or {@link DisplayMemory#UNAVAILABLE} if any byte is. */
    private static int read(HistoryBrowser browser, long address, byte[] buf, int length) {
        int done = 0;
        while (done < length) {
            byte[] part = done == 0 ? buf : new byte[length - done];
            int n = browser.displayMemory().read(address + done, part, 0, length - done, browser.replayPosition() != 0,
                    browser.settings().replayMemoryReadWrite());
            if (n == DisplayMemory.UNAVAILABLE) {
                return DisplayMemory.UNAVAILABLE;
            }
            if (n <= 0) {
                return done;
            }
            if (part != buf) {
                System.arraycopy(part, 0, buf, done, n);
            }
            done += n;
        }
        return done;
    }

    private static long littleEndian(byte[] b, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    private static long signExtend(long v, int bytes) {
        int shift = 64 - bytes * 8;
        return shift == 0 ? v : (v << shift) >> shift;
    }

    /** One unit as gdb's {@code print_scalar_formatted} prints it with a size letter (x pads). */
    private static String formatUnit(HistoryBrowser browser, char format, int bytes, long v) {
        return switch (format) {
            case 'x', 'z' -> "0x" + pad(Long.toHexString(v), bytes * 2);
            case 'd' -> Long.toString(signExtend(v, bytes));
            case 'u' -> Long.toUnsignedString(v);
            case 'o' -> v == 0 ? "0" : "0" + Long.toOctalString(v);
            case 't' -> pad(Long.toBinaryString(v), bytes * 8);
            case 'c' -> {
                long c = signExtend(v, bytes == 1 ? 1 : bytes);
                yield c + " '" + escape((int) (v & 0xff), '\'') + "'";
            }
            default -> address(browser, v);
        };
    }

    private static String pad(String digits, int width) {
        if (digits.length() >= width) {
            return digits;
        }
        return "0".repeat(width - digits.length()) + digits;
    }

    /** An address as gdb's {@code print_address}: {@code 0x...} and {@code <symbol+offset>} if one holds it. */
    static String address(HistoryBrowser browser, long a) {
        String l = symbolic(browser, a);
        return "0x" + Long.toHexString(a) + (l == null ? "" : " " + l);
    }

    private static String label(HistoryBrowser browser, long a) {
        return address(browser, a);
    }

    private static String symbolic(HistoryBrowser browser, long a) {
        FunctionSymbol f = browser.symbols().find(a);
        if (f == null) {
            return null;
        }
        long off = a - f.start();
        return "<" + f.printName() + (off == 0 ? "" : "+" + off) + ">";
    }

    /** A character as gdb's {@code generic_emit_char} writes it inside {@code quote} quotes. */
    private static String escape(int c, char quote) {
        switch (c) {
            case 7:
                return "\\a";
            case 8:
                return "\\b";
            case 9:
                return "\\t";
            case 10:
                return "\\n";
            case 11:
                return "\\v";
            case 12:
                return "\\f";
            case 13:
                return "\\r";
            default:
                break;
        }
        if (c == quote || c == '\\') {
            return "\\" + (char) c;
        }
        if (c >= 0x20 && c < 0x7f) {
            return String.valueOf((char) c);
        }
        return String.format(Locale.ROOT, "\\%03o", c);
    }

    /** {@code x/s} at {@code address}; returns the address after the string's terminating NUL. */
    private long examineString(HistoryBrowser browser, long address, HistoryOutput out) {
        String prefix = label(browser, address) + ":\t";
        byte[] one = new byte[1];
        StringBuilder chars = new StringBuilder();
        long at = address;
        boolean nul = false;
        boolean failed = false;
        while (chars.length() < PRINT_ELEMENTS) {
            int n = read(browser, at, one, 1);
            if (n != 1) {
                failed = true;
                break;
            }
            at++;
            if (one[0] == 0) {
                nul = true;
                break;
            }
            chars.append((char) (one[0] & 0xff));
        }
        StringBuilder text = new StringBuilder(prefix);
        if (failed && chars.length() == 0) {
            text.append(String.format(Locale.ROOT, "<error: Cannot access memory at address 0x%x>", address));
            out.text(text.toString());
            return address + 1;
        }
        text.append(quoteString(chars));
        if (failed) {
            text.append(String.format(Locale.ROOT, "<error: Cannot access memory at address 0x%x>", at));
        } else if (!nul) {
            text.append("...");
        }
        out.text(text.toString());
        return at;
    }

    /** gdb's {@code generic_printstr}: quoted segments and repeat blocks joined by {@code ", "}. */
    private static String quoteString(CharSequence s) {
        if (s.length() == 0) {
            return "\"\"";
        }
        StringBuilder r = new StringBuilder();
        boolean inQuote = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int run = 1;
            while (i + run < s.length() && s.charAt(i + run) == c) {
                run++;
            }
            if (run > REPEAT_THRESHOLD) {
                if (inQuote) {
                    r.append("\", ");
                    inQuote = false;
                } else if (r.length() > 0) {
                    r.append(", ");
                }
                r.append('\'').append(escape(c, '\'')).append("' <repeats ").append(run).append(" times>");
                i += run;
                continue;
            }
            if (!inQuote) {
                if (r.length() > 0) {
                    r.append(", ");
                }
                r.append('"');
                inQuote = true;
            }
            r.append(escape(c, '"'));
            i++;
        }
        if (inQuote) {
            r.append('"');
        }
        return r.toString();
    }

    /** {@code x/i} at {@code address}; returns the next instruction's address. */
    private long examineInstruction(HistoryBrowser browser, long address, HistoryOutput out) {
        byte[] b = new byte[InsnDecoder.MAX_INSN_SIZE];
        int n = browser.displayMemory().readCode(address, b, b.length, browser.replayPosition() != 0,
                browser.settings().replayMemoryReadWrite());
        String marker = address == browser.currentPc() ? "=> " : "   ";
        String prefix = marker + label(browser, address) + ":\t";
        if (n <= 0) {
            out.partial(prefix);
            throw cannotAccess(address);
        }
        int size = InsnDecoder.decode(b, n, address, ExecMode.BITS_64, new DecodedInsn());
        String text = browser.formatter().format(b, n, address);
        out.text(prefix + text);
        return address + Math.max(size, 1);
    }

    // ---------------------------------------------------------------- set var

    /**
     * {@code set var {TYPE}ADDRESS = VALUE} (also without {@code var}): writes an integer of a C
     * type's size ({@code char}, {@code short}, {@code int}, {@code long}, optionally
     * {@code unsigned}) to memory, by the same rules as reads.
     */
    public void assign(HistoryBrowser browser, String args) {
        String a = args == null ? "" : args.strip();
        if (!a.startsWith("{") || a.indexOf('}') < 0 || a.indexOf('=') < 0) {
            throw new HistoryError("set var supports {char|short|int|long}ADDRESS = VALUE only.");
        }
        String type = a.substring(1, a.indexOf('}')).strip().replaceAll("\\s+", " ");
        if (type.startsWith("unsigned ")) {
            type = type.substring("unsigned ".length());
        }
        int bytes = switch (type) {
            case "char" -> 1;
            case "short" -> 2;
            case "int" -> 4;
            case "long" -> 8;
            default -> throw new HistoryError("No symbol \"" + type.split(" ")[0] + "\" in current context.");
        };
        int eq = a.indexOf('=', a.indexOf('}'));
        long address = evaluateAddress(browser, a.substring(a.indexOf('}') + 1, eq));
        String v = a.substring(eq + 1).strip();
        boolean negative = v.startsWith("-");
        long value = number(negative ? v.substring(1).strip() : v);
        if (negative) {
            value = -value;
        }
        byte[] data = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            data[i] = (byte) (value >> (8 * i));
        }
        browser.displayMemory().write(address, data, bytes, browser.replayPosition() != 0,
                browser.settings().replayMemoryReadWrite());
    }

    // ---------------------------------------------------------------- expressions

    /** The address an {@code x} argument names. */
    long evaluateAddress(HistoryBrowser browser, String expr) {
        String e = expr.strip();
        int split = -1;
        for (int i = 1; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '+' || c == '-') {
                split = i;
                break;
            }
        }
        if (split > 0) {
            long base = term(browser, e.substring(0, split).strip());
            String rest = e.substring(split + 1).strip();
            long off = number(rest);
            return e.charAt(split) == '+' ? base + off : base - off;
        }
        return term(browser, e);
    }

    private long term(HistoryBrowser browser, String t) {
        if (t.isEmpty()) {
            throw new HistoryError("A syntax error in expression, near `'.");
        }
        if (t.startsWith("$")) {
            String name = t.substring(1);
            if (!isRegister(name)) {
                throw new HistoryError("Attempt to take contents of a non-pointer value.");
            }
            Long v = registerValue(browser, canonical(name));
            if (v == null) {
                throw new HistoryError("value is not available");
            }
            return v;
        }
        if (t.startsWith("&")) {
            return symbol(browser, t.substring(1).strip());
        }
        if (Character.isDigit(t.charAt(0))) {
            return number(t);
        }
        return symbol(browser, t);
    }

    private static long symbol(HistoryBrowser browser, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new HistoryError("A syntax error in expression, near `" + name + "'.");
        }
        long a = browser.objectFiles().address(name);
        if (a == -1) {
            throw new HistoryError("No symbol \"" + name + "\" in current context.");
        }
        return a;
    }

    private static long number(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0")) {
                return Long.parseUnsignedLong(s.substring(1), 8);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            if (!s.isEmpty() && (Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
                throw new HistoryError("No symbol \"" + s.split("[^A-Za-z0-9_]", 2)[0] + "\" in current context.");
            }
            throw new HistoryError("Invalid number \"" + s + "\".");
        }
    }

    // ---------------------------------------------------------------- registers

    private static String canonical(String name) {
        String a = ALIASES.get(name);
        return a != null ? a : name;
    }

    private static boolean isRegister(String name) {
        String c = canonical(name);
        return GENERAL.contains(c) || MORE.contains(c) || HALVES.contains(c);
    }

    /**
     * The value of register {@code name} (canonical), or {@code null} when unavailable: while
     * replaying only the pc is, at the live position the live thread's registers are.
     */
    private static Long registerValue(HistoryBrowser browser, String name) {
        if (name.equals("rip")) {
            long pc = browser.currentPc();
            if (browser.replayPosition() != 0 || browser.targetRegisters() == null) {
                return pc == -1 ? null : pc;
            }
        }
        if (browser.replayPosition() != 0 || browser.targetRegisters() == null) {
            return null;
        }
        if (HALVES.contains(name)) {
            Long v = browser.targetRegisters().value("r" + name.substring(1));
            return v == null ? null : (long) (int) (long) v;
        }
        return browser.targetRegisters().value(name);
    }

    /** A register's value in its natural format, as {@code print} shows it. */
    private static String natural(HistoryBrowser browser, String name, long v) {
        switch (name) {
            case "rip":
                return "(void (*)()) " + address(browser, v);
            case "rsp", "rbp":
                return "(void *) 0x" + Long.toHexString(v);
            case "eflags":
                return flags(v);
            case "cs", "ss", "ds", "es", "fs", "gs":
                return Integer.toString((int) v);
            default:
                return Long.toString(v);
        }
    }

    private static String flags(long v) {
        StringBuilder s = new StringBuilder("[ ");
        for (int bit = 0; bit < EFLAGS.length; bit++) {
            if ((v & (1L << bit)) != 0 && !EFLAGS[bit].isEmpty()) {
                s.append(EFLAGS[bit]).append(' ');
            }
        }
        return s.append(']').toString();
    }

    /** {@code print[/F] EXPRESSION} for registers ({@code $pc}, {@code $rax}, ...) and numbers. */
    public void print(HistoryBrowser browser, String args, HistoryOutput out) {
        String a = args == null ? "" : args.strip();
        char format = 0;
        if (a.startsWith("/")) {
            int i = 1;
            while (i < a.length() && !Character.isWhitespace(a.charAt(i))) {
                i++;
            }
            String f = a.substring(1, i);
            if (f.length() != 1 || "xduot".indexOf(f.charAt(0)) < 0) {
                throw new HistoryError(f.isEmpty() ? "Missing format letter." : "Undefined output format \"" + f + "\".");
            }
            format = f.charAt(0);
            a = a.substring(i).strip();
        }
        if (a.isEmpty()) {
            throw new HistoryError("print needs an expression: $REGISTER or a number.");
        }
        String text;
        if (a.startsWith("$")) {
            String name = a.substring(1);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new HistoryError("A syntax error in expression, near `" + name + "'.");
            }
            if (!isRegister(name)) {
                text = "void"; // an unset convenience variable
            } else {
                String c = canonical(name);
                Long v = registerValue(browser, c);
                if (v == null) {
                    text = format == 0 && (c.equals("rsp") || c.equals("rbp")) ? "(void *) <unavailable>"
                            : format == 0 && c.equals("rip") ? "(void (*)()) <unavailable>" : "<unavailable>";
                } else if (format != 0) {
                    text = formatPlain(format, v, HALVES.contains(c) || List.of("cs", "ss", "ds", "es", "fs", "gs")
                            .contains(c) || c.equals("eflags") ? 4 : 8);
                } else if (HALVES.contains(c)) {
                    text = Long.toString(v);
                } else {
                    text = natural(browser, c, v);
                }
            }
        } else if (Character.isDigit(a.charAt(0))) {
            long v = number(a);
            text = format != 0 ? formatPlain(format, v, 4) : Long.toString(v);
        } else {
            String word = a.split("[^A-Za-z0-9_]", 2)[0];
            if (!word.isEmpty() && browser.objectFiles().address(word) == -1) {
                throw new HistoryError("No symbol \"" + word + "\" in current context.");
            }
            throw new HistoryError("print shows registers ($pc, $rax, ...) and numbers; use x to show memory.");
        }
        values++;
        out.text("$" + values + " = " + text);
    }

    private static String formatPlain(char format, long v, int bytes) {
        long u = bytes == 8 ? v : v & ((1L << (bytes * 8)) - 1);
        return switch (format) {
            case 'x' -> "0x" + Long.toHexString(u);
            case 'd' -> Long.toString(signExtend(u, bytes));
            case 'u' -> Long.toUnsignedString(u);
            case 'o' -> u == 0 ? "0" : "0" + Long.toOctalString(u);
            default -> Long.toBinaryString(u);
        };
    }

    /** {@code info registers [NAME...]}: gdb's two columns (hex, then natural) or {@code <unavailable>}. */
    public void infoRegisters(HistoryBrowser browser, String args, HistoryOutput out) {
        String a = args == null ? "" : args.strip();
        List<String> names;
        if (a.isEmpty()) {
            names = GENERAL;
        } else {
            names = List.of(a.split("\\s+"));
            for (String n : names) {
                String r = n.startsWith("$") ? n.substring(1) : n;
                if (!isRegister(r)) {
                    throw new HistoryError("Invalid register `" + r + "'");
                }
            }
        }
        for (String n : names) {
            String shown = n.startsWith("$") ? n.substring(1) : n;
            String c = canonical(shown);
            Long v = registerValue(browser, c);
            StringBuilder s = new StringBuilder(shown);
            padTo(s, 15);
            if (v == null) {
                s.append("<unavailable>");
            } else {
                long raw = HALVES.contains(c) ? v & 0xffffffffL : v;
                s.append("0x").append(Long.toHexString(raw));
                padTo(s, 15 + 2 + 16 + 2);
                s.append(switch (c) {
                    case "rip" -> address(browser, v);
                    case "rsp", "rbp" -> "0x" + Long.toHexString(v);
                    case "eflags" -> flags(v);
                    default -> HALVES.contains(c) ? Long.toString(v) : natural(browser, c, v);
                });
            }
            out.text(s.toString());
        }
    }

    /** gdb's {@code pad_to_column}: at least one space, then up to column {@code col}. */
    private static void padTo(StringBuilder s, int col) {
        s.append(' ');
        while (s.length() < col) {
            s.append(' ');
        }
    }
}
