package dev.hindsight.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int STT_NOTYPE = 0;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;
    private static final int PT_LOAD = 1;

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
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f) {
            throw new IOException(file + ": not an ELF file");
        }
        if (b.get(4) != 2 || b.get(5) != 1) {
            throw new IOException(file + ": not a 64-bit little-endian ELF file");
        }
        long bias = 0;
        if (base != 0) {
            long phoff = b.getLong(32);
            int phentsize = b.getShort(54) & 0xffff;
            int phnum = b.getShort(56) & 0xffff;
            long low = Long.MAX_VALUE;
            for (int i = 0; i < phnum; i++) {
                int at = (int) (phoff + (long) i * phentsize);
                if (b.getInt(at) == PT_LOAD) {
                    low = Math.min(low, b.getLong(at + 16));
                }
            }
            bias = low == Long.MAX_VALUE ? 0 : base - low;
        }
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        int symtab = -1;
        int dynsym = -1;
        for (int i = 0; i < shnum; i++) {
            int type = b.getInt((int) (shoff + (long) i * shentsize) + 4);
            if (type == SHT_SYMTAB) {
                symtab = i;
            } else if (type == SHT_DYNSYM) {
                dynsym = i;
            }
        }
        int sec = symtab >= 0 ? symtab : dynsym;
        if (sec < 0) {
            return;
        }
        int sh = (int) (shoff + (long) sec * shentsize);
        long off = b.getLong(sh + 24);
        long size = b.getLong(sh + 32);
        int link = b.getInt(sh + 40);
        long entsize = Math.max(24, b.getLong(sh + 56));
        int strSh = (int) (shoff + (long) link * shentsize);
        int strOff = (int) b.getLong(strSh + 24);
        for (long at = off; at + 24 <= off + size; at += entsize) {
            int a = (int) at;
            int name = b.getInt(a);
            int type = b.get(a + 4) & 0xf;
            int shndx = b.getShort(a + 6) & 0xffff;
            long value = b.getLong(a + 8);
            long sz = b.getLong(a + 16);
            if (shndx == 0 || value == 0 || name == 0
                    || (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_NOTYPE && type != STT_OBJECT)) {
                continue;
            }
            // Section indices above 0xff00 are special (ABS, COMMON): not code.
            if (shndx >= 0xff00) {
                continue;
            }
            String s = cString(b, strOff + name);
            if (s.isEmpty() || (type == STT_NOTYPE && s.startsWith("$"))) {
                continue;
            }
            out.add(new Entry(value + bias, sz, s));
        }
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
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
