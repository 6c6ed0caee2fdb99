package dev.hindsight.history;

import java.util.function.ToLongFunction;

/**
 * gdb's linespecs for breakpoints where no history is needed: {@code *ADDRESS}, {@code FILE:LINE}
 * and {@code FUNCTION} (placed after the function's prologue, as gdb places it), resolved with the
 * symbols, line tables and code of the loaded objects. The one parser of {@code break}'s
 * argument: a live session's breakpoints before anything is recorded, and {@code break} in a session.
 */
public final class Locations {
    private Locations() {
    }

    /**
     * The address of {@code spec}, with functions looked up in {@code objects}.
     *
     * @param code reads code bytes (for the prologue analysis)
     * @throws HistoryError gdb's message when it names nothing
     */
    public static long resolve(String spec, SymbolLookup symbols, DwarfLines lines, ObjectFiles objects,
            TargetMemory code) {
        return resolve(spec, null, symbols, lines, name -> {
            long start = objects.address(name);
            FunctionSymbol f = start == -1 ? null : symbols.find(start);
            return f == null || f.start() != start ? -1 : start;
        }, code);
    }

    /**
     * The address of {@code spec}: {@code *ADDRESS}, {@code LINE} (in {@code currentFile}),
     * {@code FILE:LINE} or {@code FUNCTION}.
     *
     * @param currentFile the file a bare line number refers to, or {@code null} for any file
     * @param functionStart a function's start address by name, or -1 if there is none
     * @param code reads code bytes (for the prologue analysis)
     * @throws HistoryError gdb's message when it names nothing
     */
    public static long resolve(String spec, String currentFile, SymbolLookup symbols, DwarfLines lines,
            ToLongFunction<String> functionStart, TargetMemory code) {
        String a = spec == null ? "" : spec.strip();
        if (a.isEmpty()) {
            throw new HistoryError("No default breakpoint address now.");
        }
        if (a.startsWith("*")) {
            return parseAddress(a.substring(1).strip());
        }
        if (a.matches("\\d+")) {
            long address = lines.lineAddress(currentFile, Integer.parseInt(a));
            if (address == -1) {
                throw new HistoryError("No line " + a + " in the current file.");
            }
            return address;
        }
        if (a.matches(".+:\\d+")) {
            int colon = a.lastIndexOf(':');
            String file = a.substring(0, colon);
            String line = a.substring(colon + 1);
            long address = lines.lineAddress(file, Integer.parseInt(line));
            if (address == -1) {
                throw new HistoryError(lines.lineAddress(file, 1) == -1 ? "No source file named " + file + "."
                        : "No line " + line + " in file \"" + file + "\".");
            }
            return address;
        }
        long start = functionStart.applyAsLong(a);
        if (start == -1) {
            throw new HistoryError("Function \"" + a + "\" not defined.");
        }
        return lines.at(start) == null ? start : prologueEnd(start, symbols, lines, code);
    }

    /** A number as gdb reads an address: hexadecimal after {@code 0x}, else decimal. */
    static long parseAddress(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new HistoryError("Invalid number \"" + s + "\".");
        }
    }

    /**
     * Where {@code break FUNCTION} and {@code step} into a function stop: amd64's prologue analysis
     * ({@code amd64_analyze_prologue}: [endbr64] push %rbp; mov %rsp,%rbp), moved on to the next
     * line-table row if it ends mid-row inside the function ({@code handle_step_into_function}).
     */
    public static long prologueEnd(long entry, SymbolLookup symbols, DwarfLines lines, TargetMemory code) {
        byte[] b = new byte[16];
        int len = code.read(entry, b, 0, b.length);
        long end = entry;
        if (len > 0) {
            int i = 0;
            if (len >= 4 && (b[0] & 0xff) == 0xf3 && b[1] == 0x0f && b[2] == 0x1e && (b[3] & 0xff) == 0xfa) {
                i = 4;
            }
            if (i < len && b[i] == 0x55 && i + 3 < len && b[i + 1] == 0x48
                    && (((b[i + 2] & 0xff) == 0x89 && (b[i + 3] & 0xff) == 0xe5)
                        || ((b[i + 2] & 0xff) == 0x8b && (b[i + 3] & 0xff) == 0xec))) {
                end = entry + i + 4;
            }
        }
        long[] row = lines.rowRange(end);
        if (row != null && row[0] != end && row[1] != -1) {
            FunctionSymbol fa = symbols.find(row[1]);
            FunctionSymbol fb = symbols.find(entry);
            if (fa != null && fb != null && fa.start() == fb.start()) {
                end = row[1];
            }
        }
        return end;
    }
}
