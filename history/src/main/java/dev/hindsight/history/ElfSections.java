package dev.hindsight.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The named sections of a 64-bit little-endian ELF file, read whole. Package-private helper. */
final class ElfSections {
    private static final int PT_LOAD = 1;

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

    /** The contents of the section named {@code name}, or {@code null}. */
    ByteBuffer section(String name) {
        int sh = header(name);
        if (sh < 0 || b.getInt(sh + 4) == 8) { // absent, or SHT_NOBITS
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
