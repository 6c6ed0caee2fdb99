package dev.hindsight.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The contents of the section named {@code name}, or {@code null}. */
    ByteBuffer section(String name) {
        long shoff = b.getLong(40);
        int shentsize = b.getShort(58) & 0xffff;
        int shnum = b.getShort(60) & 0xffff;
        int shstrndx = b.getShort(62) & 0xffff;
        if (shoff == 0 || shstrndx >= shnum) {
            return null;
        }
        int strOff = (int) b.getLong((int) (shoff + (long) shstrndx * shentsize) + 24);
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            int nameOff = b.getInt(sh);
            if (name.equals(cString(strOff + nameOff))) {
                if (b.getInt(sh + 4) == SHT_NOBITS) {
                    return null;
                }
                int off = (int) b.getLong(sh + 24);
                int size = (int) b.getLong(sh + 32);
                return b.slice(off, size).order(ByteOrder.LITTLE_ENDIAN);
            }
        }
        return null;
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
