package dev.hindsight.pt.x86;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The executable sections of an ELF64 little-endian file, for tests and the benchmark. */
final class ElfExecutableSections {
    private static final int SHT_NOBITS = 8;
    private static final long SHF_EXECINSTR = 4;

    /** One executable section: its bytes are {@code data[offset, offset + size)} at {@code address}. */
    record Section(String name, long address, int offset, int size) {
    }

    private final byte[] data;
    private final List<Section> sections;

    private ElfExecutableSections(byte[] data, List<Section> sections) {
        this.data = data;
        this.sections = sections;
    }

    static ElfExecutableSections read(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 64 || b.getInt(0) != 0x464c457f || data[4] != 2 || data[5] != 1) {
            throw new IOException(file + " is not a little-endian ELF64 file");
        }
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        int strtab = (int) b.getLong((int) shoff + shstrndx * shentsize + 0x18);
        List<Section> out = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) shoff + i * shentsize;
            int type = b.getInt(sh + 4);
            long flags = b.getLong(sh + 8);
            if (type == SHT_NOBITS || (flags & SHF_EXECINSTR) == 0) {
                continue;
            }
            int nameOff = strtab + b.getInt(sh);
            int end = nameOff;
            while (data[end] != 0) {
                end++;
            }
            String name = new String(data, nameOff, end - nameOff, StandardCharsets.US_ASCII);
            out.add(new Section(name, b.getLong(sh + 0x10), (int) b.getLong(sh + 0x18),
                    (int) b.getLong(sh + 0x20)));
        }
        return new ElfExecutableSections(data, List.copyOf(out));
    }

    byte[] data() {
        return data;
    }

    List<Section> sections() {
        return sections;
    }

    Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no section " + name));
    }
}
