package dev.hindsight.history.debuginfo;

import java.util.HashMap;
import java.util.Map;

/**
 * Function symbols with their source file from the line tables: stands in for gdb's full
 * symbols (a function with debug information and its symtab) where {@code .debug_line} covers
 * the function's start. Functions without line information stay minimal symbols.
 */
public final class SourceSymbols implements SymbolLookup {
    private final SymbolLookup minimal;
    private final DwarfLines lines;
    private final Map<FunctionSymbol, FunctionSymbol> full = new HashMap<>();
    private FunctionSymbol lastMinimal;
    private FunctionSymbol lastFull;

    /** Symbols from {@code minimal}, completed with files from {@code lines}. */
    public SourceSymbols(SymbolLookup minimal, DwarfLines lines) {
        this.minimal = minimal;
        this.lines = lines;
    }

    @Override
    public FunctionSymbol find(long pc) {
        FunctionSymbol m = minimal.find(pc);
        if (m == null) {
            return null;
        }
        if (m == lastMinimal) {
            return lastFull;
        }
        FunctionSymbol f = full.computeIfAbsent(m, k -> {
            DwarfLines.Line l = lines.at(k.start());
            return l == null ? k : new FunctionSymbol(k.minimalName(), k.minimalName(), l.file(), k.start());
        });
        lastMinimal = m;
        lastFull = f;
        return f;
    }
}
