package dev.hindsight.collect.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the GNU build-id of a 64-bit little-endian ELF file: the descriptor of the
 * {@code NT_GNU_BUILD_ID} (3) note named {@code GNU} in a {@code PT_NOTE} segment (ELF gABI,
 * "Note Section"). Reads only the headers and the notes.
 */
public final class ElfBuildId {
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int MAX_NOTES = 1 << 16;

    private ElfBuildId() {
    }

    /** The build-id in lower-case hex, or null when the file is not such an ELF or has none. */
    public static String read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer eh = read(ch, 0, 64);
            if (eh == null || eh.getInt(0) != 0x464c457f || eh.get(4) != 2 || eh.get(5) != 1) {
                return null;
            }
            long phoff = eh.getLong(32);
            int phentsize = Short.toUnsignedInt(eh.getShort(54));
            int phnum = Short.toUnsignedInt(eh.getShort(56));
            if (phentsize < 56) {
                return null;
            }
            for (int i = 0; i < phnum; i++) {
                ByteBuffer ph = read(ch, phoff + (long) i * phentsize, 56);
                if (ph == null) {
                    return null;
                }
                if (ph.getInt(0) != PT_NOTE) {
                    continue;
                }
                long size = ph.getLong(32);
                if (size <= 0 || size > MAX_NOTES) {
                    continue;
                }
                String id = scan(read(ch, ph.getLong(8), (int) size));
                if (id != null) {
                    return id;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The address ptxed's {@code --elf FILE:BASE} needs so that the ELF's segments land where a
     * mapping put them: the load bias plus the lowest PT_LOAD address ({@code load_elf.c} loads
     * at {@code base - min p_vaddr}). The bias comes from the PT_LOAD segment that holds
     * {@code fileOffset}, mapped at {@code start}.
     *
     * @param elf the ELF's bytes (64-bit little-endian)
     * @return the base, or -1 when the bytes are not such an ELF or no segment holds the offset
     */
    public static long loadBase(ByteBuffer elf, long start, long fileOffset) {
        try {
            ByteBuffer b = elf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int at = b.position();
            if (b.getInt(at) != 0x464c457f || b.get(at + 4) != 2 || b.get(at + 5) != 1) {
                return -1;
            }
            long phoff = b.getLong(at + 32);
            int phentsize = Short.toUnsignedInt(b.getShort(at + 54));
            int phnum = Short.toUnsignedInt(b.getShort(at + 56));
            long min = -1;
            long bias = 0;
            boolean found = false;
            for (int i = 0; i < phnum; i++) {
                int ph = Math.toIntExact(at + phoff + (long) i * phentsize);
                if (b.getInt(ph) != 1) {
                    continue;
                }
                long off = b.getLong(ph + 8);
                long vaddr = b.getLong(ph + 16);
                long filesz = b.getLong(ph + 32);
                if (min == -1 || Long.compareUnsigned(vaddr, min) < 0) {
                    min = vaddr;
                }
                // Mappings start at the page holding the segment's first byte.
                long pageOff = off & ~0xfffL;
                if (!found && fileOffset >= pageOff && fileOffset < off + Math.max(filesz, 1)) {
                    bias = start - (vaddr + (fileOffset - off));
                    found = true;
                }
            }
            return found ? bias + min : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String scan(ByteBuffer notes) {
        if (notes == null) {
            return null;
        }
        int pos = 0;
        int limit = notes.limit();
        while (pos + 12 <= limit) {
            int namesz = notes.getInt(pos);
            int descsz = notes.getInt(pos + 4);
            int type = notes.getInt(pos + 8);
            if (namesz < 0 || descsz < 0) {
                return null;
            }
            int name = pos + 12;
            int desc = name + align4(namesz);
            if (desc < 0 || desc + descsz > limit || desc + descsz < 0) {
                return null;
            }
            if (type == NT_GNU_BUILD_ID && namesz == 4 && notes.get(name) == 'G'
                    && notes.get(name + 1) == 'N' && notes.get(name + 2) == 'U') {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < descsz; i++) {
                    sb.append(String.format("%02x", notes.get(desc + i)));
                }
                return sb.toString();
            }
            pos = desc + align4(descsz);
        }
        return null;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer read(FileChannel ch, long at, int len) throws IOException {
        if (at < 0 || at + len > ch.size()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                return null;
            }
        }
        return b.flip();
    }
}
