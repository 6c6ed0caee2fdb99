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
