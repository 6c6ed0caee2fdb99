package dev.hindsight.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The function symbols of ELF files ({@code .symtab}, else {@code .dynsym}) as a fast
 * {@link SymbolLookup}: gdb's minimal symbols. Sorted start addresses with a binary search and a
 * last-hit cache, since consecutive instructions are mostly in the same function.
 */
public final class ElfSymbols implements SymbolLookup {
    private static final int STT_NOTYPE = 0;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;

    private final long[] start;
    private final long[] end;
    private final FunctionSymbol[] symbols;
    private int lastHit = -1;

    private ElfSymbols(long[] start, long[] end, FunctionSymbol[] symbols) {
        this.start = start;
        this.end = end;
        this.symbols = symbols;
    }

    /** No symbols. */
    public static ElfSymbols empty() {
        return new ElfSymbols(new long[0], new long[0], new FunctionSymbol[0]);
    }

    /** A symbol entry before sorting. */
    private record Entry(long start, long size, String name) {
    }

    /**
     * Reads the function symbols of each file.
     *
     * @param files the ELF files with their load bases (0: as linked; else where the lowest
     *     PT_LOAD segment was loaded, ptxed's {@code --elf file:base})
     * @throws IOException if a file cannot be read or is not a 64-bit little-endian ELF file
     */
    public static ElfSymbols read(List<Path> files, List<Long> bases) throws IOException {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            readFile(files.get(i), bases.get(i), all);
        }
        all.sort(Comparator.comparingLong(Entry::start).thenComparing(e -> -e.size()));
        List<Entry> unique = new ArrayList<>();
        for (Entry e : all) {
            if (!unique.isEmpty() && unique.get(unique.size() - 1).start() == e.start()) {
                continue;
            }
            unique.add(e);
        }
        int n = unique.size();
        long[] s = new long[n];
        long[] en = new long[n];
        FunctionSymbol[] syms = new FunctionSymbol[n];
        for (int i = 0; i < n; i++) {
            Entry e = unique.get(i);
            s[i] = e.start();
            en[i] = e.size() > 0 ? e.start() + e.size() : (i + 1 < n ? unique.get(i + 1).start() : Long.MAX_VALUE);
            syms[i] = FunctionSymbol.minimal(e.name(), e.start());
        }
        return new ElfSymbols(s, en, syms);
    }

    private static void readFile(Path file, long base, List<Entry> out) throws IOException {
        ElfSections elf = ElfSections.read(file);
        long bias = elf.bias(base);
        for (ElfSections.Symbol sym : elf.symbols()) {
            int type = sym.type();
            if (sym.value() == 0
                    || (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE && type != STT_OBJECT)
                    || (type == STT_NOTYPE && sym.name().startsWith("$"))) {
                continue;
            }
            out.add(new Entry(sym.value() + bias, sym.size(), sym.name()));
        }
    }

    /** The number of symbols. */
    public int size() {
        return start.length;
    }

    @Override
    public FunctionSymbol find(long pc) {
        int h = lastHit;
        if (h >= 0 && Long.compareUnsigned(pc, start[h]) >= 0 && Long.compareUnsigned(pc, end[h]) < 0) {
            return symbols[h];
        }
        int i = Arrays.binarySearch(start, pc);
        if (i < 0) {
            i = -i - 2;
        }
        // A sized symbol that ends before pc: an earlier, larger one may still hold it.
        for (int k = i; k >= 0 && k > i - 8; k--) {
            if (pc >= start[k] && pc < end[k]) {
                lastHit = k;
                return symbols[k];
            }
        }
        return null;
    }
}
