package dev.hindsight.pt.image.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The ELF identification, file header and program headers of a 32- or 64-bit little-endian ELF
 * file (System V gABI, "ELF Header" and "Program Header"), read as ptxed's {@code load_elf()}
 * reads them: {@code e_phnum} entries of the class's natural size from {@code e_phoff}.
 *
 * @param elf64 whether the class is ELFCLASS64
 * @param type {@code e_type} (2 = executable, 3 = shared object / PIE)
 * @param segments the program headers, in file order
 */
public record ElfHeaders(boolean elf64, int type, List<Segment> segments) {

    /** {@code PT_LOAD}: a loadable segment. */
    public static final int PT_LOAD = 1;

    private static final int EI_NIDENT = 16;
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int EHDR32_SIZE = 52;
    private static final int EHDR64_SIZE = 64;
    private static final int PHDR32_SIZE = 32;
    private static final int PHDR64_SIZE = 56;

    /**
     * One program header; 32-bit fields are widened without sign.
     *
     * @param index the header's index
     * @param type {@code p_type}
     * @param offset {@code p_offset}
     * @param vaddr {@code p_vaddr}
     * @param fileSize {@code p_filesz}
     * @param memSize {@code p_memsz}
     */
    public record Segment(int index, int type, long offset, long vaddr, long fileSize,
            long memSize) {
    }

    /** A malformed ELF file; the message says what is wrong, without the file name. */
    public static final class BadElfException extends Exception {
        private static final long serialVersionUID = 1L;

        BadElfException(String message) {
            super(message);
        }
    }

    /**
     * Reads the headers.
     *
     * @param ch the file, positioned anywhere
     * @return the headers
     * @throws BadElfException when the file is not an ELF file we can load
     * @throws IOException when reading fails
     */
    public static ElfHeaders read(FileChannel ch) throws BadElfException, IOException {
        ByteBuffer ident = readAt(ch, 0, EI_NIDENT, "file header");
        if (ident.get(0) != 0x7f || ident.get(1) != 'E' || ident.get(2) != 'L'
                || ident.get(3) != 'F') {
            throw new BadElfException("not an ELF file");
        }
        int cls = ident.get(EI_CLASS);
        if (cls != ELFCLASS32 && cls != ELFCLASS64) {
            throw new BadElfException("unsupported ELF class: " + cls);
        }
        if (ident.get(EI_DATA) != ELFDATA2LSB) {
            throw new BadElfException("unsupported ELF data encoding " + ident.get(EI_DATA)
                    + " (only little-endian is supported)");
        }
        boolean elf64 = cls == ELFCLASS64;
        ByteBuffer ehdr = readAt(ch, 0, elf64 ? EHDR64_SIZE : EHDR32_SIZE, "ELF header");
        int type = Short.toUnsignedInt(ehdr.getShort(16));
        long phoff = elf64 ? ehdr.getLong(0x20) : Integer.toUnsignedLong(ehdr.getInt(0x1c));
        int phnum = Short.toUnsignedInt(ehdr.getShort(elf64 ? 0x38 : 0x2c));
        if (phoff < 0) {
            throw new BadElfException("ELF header too big");
        }
        int phsize = elf64 ? PHDR64_SIZE : PHDR32_SIZE;
        List<Segment> segments = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            ByteBuffer p = readAt(ch, phoff + (long) i * phsize, phsize, "phdr " + i);
            if (elf64) {
                segments.add(new Segment(i, p.getInt(0), p.getLong(8), p.getLong(16),
                        p.getLong(32), p.getLong(40)));
            } else {
                segments.add(new Segment(i, p.getInt(0), u32(p, 4), u32(p, 8), u32(p, 16),
                        u32(p, 20)));
            }
        }
        return new ElfHeaders(elf64, type, segments);
    }

    /**
     * The lowest {@code p_vaddr} of the {@code PT_LOAD} segments, or 2^64-1 if there is none.
     */
    public long minLoadAddress() {
        long min = -1L;
        for (Segment s : segments) {
            if (s.type() == PT_LOAD && Long.compareUnsigned(s.vaddr(), min) < 0) {
                min = s.vaddr();
            }
        }
        return min;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int size, String what)
            throws BadElfException, IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (b.hasRemaining()) {
                if (ch.read(b, position + b.position()) < 0) {
                    throw new EOFException();
                }
            }
        } catch (EOFException e) {
            throw new BadElfException("error reading " + what + ": file too short");
        }
        return b.flip();
    }
}
