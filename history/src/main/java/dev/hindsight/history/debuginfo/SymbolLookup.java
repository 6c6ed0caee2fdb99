package dev.hindsight.history.debuginfo;

/** Finds the function containing an address. */
@FunctionalInterface
public interface SymbolLookup {
    /** No symbols at all: every address is in an unknown function. */
    SymbolLookup NONE = pc -> null;

    /**
     * @param pc an instruction address
     * @return the function containing {@code pc}, or {@code null} if none is known
     */
    FunctionSymbol find(long pc);
}
