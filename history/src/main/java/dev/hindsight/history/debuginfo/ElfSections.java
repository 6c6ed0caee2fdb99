package dev.hindsight.history.debuginfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 64-bit little-endian ELF file read whole: its load bias, section headers, named sections and
 * symbol table. The one ELF parser of the history's symbol, line and object readers.
 */
final class ElfSections {
    private static final int PT_LOAD = 1;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_DYNSYM = 11;
    private static final int SHT_NOBITS = 8;

    /**
     * One section header.
     *
     * @param type {@code sh_type}
     * @param flags {@code sh_flags}
     * @param address {@code sh_addr} as linked
     * @param size {@code sh_size}
     */
    record Header(int type, long flags, long address, long size) {
    }

    /**
     * One symbol of the symbol table.
     *
     * @param name the name (not empty)
     * @param type {@code STT_*}
     * @param section {@code st_shndx}, neither undefined (0) nor special (0xff00 and above)
     * @param value {@code st_value} as linked
     * @param size {@code st_size}
     */
    record Symbol(String name, int type, int section, long value, long size) {
    }

    private final ByteBuffer b;

    private ElfSections(ByteBuffer b) {
        this.b = b;
    }

    static ElfSections read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f) {
            throw new IOException(file + ": not an ELF file");
        }
        if (b.get(4) != 2 || b.get(5) != 1) {
            throw new IOException(file + ": not a 64-bit little-endian ELF file");
        }
        return new ElfSections(b);
    }

    /** The load bias for a requested base (0: as linked). */
    long bias(long base) {
        if (base == 0) {
            return 0;
        }
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
        return low == Long.MAX_VALUE ? 0 : base - low;
    }

    /** The section headers in file order. */
    List<Header> headers() {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        List<Header> r = new ArrayList<>(shnum);
        for (int i = 0; i < shnum && shoff != 0; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            r.add(new Header(b.getInt(sh + 4), b.getLong(sh + 8), b.getLong(sh + 16), b.getLong(sh + 32)));
        }
        return r;
    }

    /**
     * The defined symbols of {@code .symtab}, else of {@code .dynsym} (a stripped file), with a
     * name and in an ordinary section; empty if the file has neither table.
     */
    List<Symbol> symbols() {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        int table = -1;
        for (int i = 0; i < shnum && shoff != 0; i++) {
            int type = b.getInt((int) (shoff + (long) i * shentsize) + 4);
            if (type == SHT_SYMTAB || type == SHT_DYNSYM && table < 0) {
                table = i;
            }
        }
        List<Symbol> r = new ArrayList<>();
        if (table < 0) {
            return r;
        }
        int sh = (int) (shoff + (long) table * shentsize);
        long off = b.getLong(sh + 24);
        long size = b.getLong(sh + 32);
        int link = b.getInt(sh + 40);
        long entsize = Math.max(24, b.getLong(sh + 56));
        int strOff = (int) b.getLong((int) (shoff + (long) link * shentsize) + 24);
        for (long at = off; at + 24 <= off + size; at += entsize) {
            int a = (int) at;
            int name = b.getInt(a);
            int section = b.getShort(a + 6) & 0xffff;
            if (name == 0 || section == 0 || section >= 0xff00) {
                continue;
            }
            String s = cString(strOff + name);
            if (!s.isEmpty()) {
                r.add(new Symbol(s, b.get(a + 4) & 0xf, section, b.getLong(a + 8), b.getLong(a + 16)));
            }
        }
        return r;
    }

    /** The PLT sections whose entries jump through a GOT slot (lazy, second, GOT-only, MPX). */
    private static final List<String> PLT_SECTIONS = List.of(".plt", ".plt.sec", ".plt.got", ".plt.bnd");
    private static final int SHT_RELA = 4;
    private static final int R_X86_64_IRELATIVE = 37;

    /**
     * Symbols for the PLT entries of a dynamic object, as BFD's synthetic symbol table names them
     * and gdb shows them ({@code puts@plt}; {@code *ABS*+0x9c6a0@plt} for libc's IFUNC entries):
     * each entry's {@code jmp *GOT(%rip)} is matched to the relocation of its GOT slot.
     */
    List<Symbol> pltSymbols() {
        List<Symbol> r = new ArrayList<>();
        // BFD reads the dynamic relocations only: a static program's IRELATIVE entries stay unnamed.
        if (header(".dynamic") < 0) {
            return r;
        }
        Map<Long, String> slots = new HashMap<>();
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        for (int i = 0; i < shnum && shoff != 0; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) == SHT_RELA) {
                readGotRelocations(sh, shoff, shentsize, slots);
            }
        }
        for (String name : PLT_SECTIONS) {
            int sh = header(name);
            if (sh < 0 || slots.isEmpty()) {
                continue;
            }
            long addr = b.getLong(sh + 16);
            int off = (int) b.getLong(sh + 24);
            int size = (int) b.getLong(sh + 32);
            long entry = b.getLong(sh + 56);
            int section = (int) ((sh - shoff) / shentsize);
            List<long[]> found = new ArrayList<>();
            for (int i = 0; i + 6 <= size; i++) {
                if ((b.get(off + i) & 0xff) != 0xff || b.get(off + i + 1) != 0x25) {
                    continue;
                }
                long slot = addr + i + 6 + b.getInt(off + i + 2);
                long start = entry > 0 ? addr + (i / entry) * entry : addr + i;
                if (slots.containsKey(slot) && (found.isEmpty() || found.get(found.size() - 1)[0] != start)) {
                    found.add(new long[] {start, slot});
                }
            }
            for (int k = 0; k < found.size(); k++) {
                long start = found.get(k)[0];
                long end = entry > 0 ? start + entry : k + 1 < found.size() ? found.get(k + 1)[0] : addr + size;
                r.add(new Symbol(slots.get(found.get(k)[1]) + "@plt", 2, section, start, end - start));
            }
        }
        return r;
    }

    /** The names of the GOT slots a RELA section relocates: the symbol, or an IFUNC's resolver. */
    private void readGotRelocations(int sh, long shoff, int shentsize, Map<Long, String> slots) {
        long off = b.getLong(sh + 24);
        long size = b.getLong(sh + 32);
        int link = b.getInt(sh + 40);
        int symSh = (int) (shoff + (long) link * shentsize);
        long symOff = b.getLong(symSh + 24);
        long symSize = b.getLong(symSh + 32);
        int strOff = (int) b.getLong((int) (shoff + (long) b.getInt(symSh + 40) * shentsize) + 24);
        for (long at = off; at + 24 <= off + size; at += 24) {
            long slot = b.getLong((int) at);
            long info = b.getLong((int) at + 8);
            long sym = info >>> 32;
            if (sym != 0 && link != 0 && 24 * sym + 24 <= symSize) {
                String name = cString(strOff + b.getInt((int) (symOff + 24 * sym)));
                if (!name.isEmpty()) {
                    slots.putIfAbsent(slot, name);
                }
            } else if ((int) info == R_X86_64_IRELATIVE) {
                slots.putIfAbsent(slot, "*ABS*+0x" + Long.toHexString(b.getLong((int) at + 16)));
            }
        }
    }

    /** The contents of the section named {@code name}, or {@code null}. */
    ByteBuffer section(String name) {
        int sh = header(name);
        if (sh < 0 || b.getInt(sh + 4) == SHT_NOBITS) { // absent, or no bytes in the file
            return null;
        }
        int off = (int) b.getLong(sh + 24);
        int size = (int) b.getLong(sh + 32);
        return b.slice(off, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The link-time address of the section named {@code name} ({@code sh_addr}), or -1 if absent. */
    long sectionAddress(String name) {
        int sh = header(name);
        return sh < 0 ? -1 : b.getLong(sh + 16);
    }

    /** The file offset of the section header named {@code name}, or -1. */
    private int header(String name) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        int shstrndx = b.getShort(62) & 0xffff;
        if (shoff == 0 || shstrndx >= shnum) {
            return -1;
        }
        int strOff = (int) b.getLong((int) (shoff + (long) shstrndx * shentsize) + 24);
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            int nameOff = b.getInt(sh);
            if (name.equals(cString(strOff + nameOff))) {
                return sh;
            }
        }
        return -1;
    }

    private String cString(int at) {
        int end = at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
