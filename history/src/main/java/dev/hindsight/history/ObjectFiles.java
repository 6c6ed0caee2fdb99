package dev.hindsight.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;

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
            int sh = (int) (shoff + (long) i * shentsize);
            int type = b.getInt(sh + 4);
            long flags = b.getLong(sh + 8);
            long addr = b.getLong(sh + 16);
            long size = b.getLong(sh + 32);
            if (type == SHT_SYMTAB) {
                symtab = i;
            } else if (type == SHT_DYNSYM) {
                dynsym = i;
            }
            if ((flags & SHF_ALLOC) != 0 && (flags & (SHF_WRITE | SHF_TLS)) == 0 && size > 0 && addr != 0) {
                ranges.add(new long[] {addr + bias, addr + bias + size});
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
        int strOff = (int) b.getLong((int) (shoff + (long) link * shentsize) + 24);
        for (long at = off; at + 24 <= off + size; at += entsize) {
            int a = (int) at;
            int name = b.getInt(a);
            int type = b.get(a + 4) & 0xf;
            int shndx = b.getShort(a + 6) & 0xffff;
            long value = b.getLong(a + 8);
            // functions, data, IFUNCs and untyped symbols; undefined and special sections are not places
            if (name == 0 || shndx == 0 || shndx >= 0xff00 || type > 2 && type != 10) {
                continue;
            }
            String s = cString(b, strOff + name);
            if (!s.isEmpty()) {
                syms.putIfAbsent(s, value + bias);
            }
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
