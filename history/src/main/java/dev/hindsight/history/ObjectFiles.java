package dev.hindsight.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loaded objects of a process (ELF files at their load bases) as gdb's target sections see
 * them: which addresses lie in read-only sections (allocated, not writable: code, rodata; bfd's
 * {@code SEC_READONLY}), which record-btrace lets a replaying session read, and the addresses of
 * symbols by name (functions and data, from {@code .symtab}, else {@code .dynsym}).
 */
public final class ObjectFiles {
    private static final int SHF_WRITE = 0x1;
    private static final int SHF_ALLOC = 0x2;
    private static final int SHF_TLS = 0x400;
    private static final int STT_FUNC = 2;
    private static final int STT_GNU_IFUNC = 10;

    private final long[] starts;
    private final long[] ends;
    private final Map<String, Long> symbols;

    private ObjectFiles(long[] starts, long[] ends, Map<String, Long> symbols) {
        this.starts = starts;
        this.ends = ends;
        this.symbols = symbols;
    }

    /** No objects: nothing is read-only, no symbol is known. */
    public static ObjectFiles empty() {
        return new ObjectFiles(new long[0], new long[0], Map.of());
    }

    /**
     * Objects known by their read-only sections ({@code ranges[i] = {start, end}}, sorted, not
     * overlapping) and symbol addresses, for objects not read from files (a test's hand-built image).
     */
    public static ObjectFiles of(long[][] ranges, Map<String, Long> symbols) {
        long[] s = new long[ranges.length];
        long[] e = new long[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            s[i] = ranges[i][0];
            e[i] = ranges[i][1];
        }
        return new ObjectFiles(s, e, Map.copyOf(symbols));
    }

    /**
     * Reads the section headers and symbols of {@code files}, each loaded at {@code bases} (0: as
     * linked; else where its lowest PT_LOAD segment was loaded, ptxed's {@code --elf file:base}).
     * A symbol defined in several files is taken from the first.
     *
     * @throws IOException if a file cannot be read or is not a 64-bit little-endian ELF file
     */
    public static ObjectFiles read(List<Path> files, List<Long> bases) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        Map<String, Long> syms = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            readFile(files.get(i), bases.get(i), ranges, syms);
        }
        ranges.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long[] s = new long[ranges.size()];
        long[] e = new long[ranges.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ranges.get(i)[0];
            e[i] = ranges.get(i)[1];
        }
        return new ObjectFiles(s, e, syms);
    }

    private static void readFile(Path file, long base, List<long[]> ranges, Map<String, Long> syms)
            throws IOException {
        ElfSections elf = ElfSections.read(file);
        long bias = elf.bias(base);
        for (ElfSections.Header h : elf.headers()) {
            if ((h.flags() & SHF_ALLOC) != 0 && (h.flags() & (SHF_WRITE | SHF_TLS)) == 0 && h.size() > 0
                    && h.address() != 0) {
                ranges.add(new long[] {h.address() + bias, h.address() + bias + h.size()});
            }
        }
        for (ElfSections.Symbol sym : elf.symbols()) {
            // functions, data, IFUNCs and untyped symbols
            if (sym.type() <= STT_FUNC || sym.type() == STT_GNU_IFUNC) {
                syms.putIfAbsent(sym.name(), sym.value() + bias);
            }
        }
    }

    /**
     * The end of the read-only section holding {@code address}, or -1 when it lies in none (a
     * writable section, the stack, the heap, unmapped memory).
     */
    public long readOnlyEnd(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        // Sections do not overlap, but look back a little in case one is nested in another.
        for (int k = i; k >= 0 && k > i - 4; k--) {
            if (Long.compareUnsigned(address, starts[k]) >= 0 && Long.compareUnsigned(address, ends[k]) < 0) {
                return ends[k];
            }
        }
        return -1;
    }

    /** The address of the symbol {@code name}, or -1 if no object defines it. */
    public long address(String name) {
        Long a = symbols.get(name);
        return a == null ? -1 : a;
    }
}
