package dev.hindsight.history.debuginfo;

import java.util.Objects;

/**
 * What is known about the function containing an address: gdb's pair of a minimal symbol (an
 * ELF symbol-table entry) and a full symbol (a debug-info function with its source file).
 *
 * @param minimalName the ELF symbol's linkage name, or {@code null}
 * @param fullName    the debug-info function's linkage name, or {@code null}
 * @param file        the debug-info function's source file, or {@code null}
 * @param start       the function's start address, or 0 if unknown
 */
public record FunctionSymbol(String minimalName, String fullName, String file, long start) {
    /** A function known only from the ELF symbol table. */
    public static FunctionSymbol minimal(String name, long start) {
        return new FunctionSymbol(Objects.requireNonNull(name), null, null, start);
    }

    /** The name gdb prints: the full symbol's, else the minimal symbol's, else {@code ??}. */
    public String printName() {
        return fullName != null ? fullName : minimalName != null ? minimalName : "??";
    }

    /**
     * Whether moving from a segment of function {@code from} to an address in {@code to} switches
     * functions (gdb's {@code ftrace_function_switched}); {@code null} means no symbol.
     */
    public static boolean switched(FunctionSymbol from, FunctionSymbol to) {
        boolean fromKnown = from != null && (from.minimalName != null || from.fullName != null);
        boolean toKnown = to != null && (to.minimalName != null || to.fullName != null);
        if (fromKnown != toKnown) {
            return true;
        }
        if (!fromKnown) {
            return false;
        }
        if (from.minimalName != null && to.minimalName != null && !from.minimalName.equals(to.minimalName)) {
            return true;
        }
        return from.fullName != null && to.fullName != null
                && (!from.fullName.equals(to.fullName) || !Objects.equals(from.file, to.file));
    }
}
