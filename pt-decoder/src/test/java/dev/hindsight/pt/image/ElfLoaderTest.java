package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfLoaderTest {

    private static final int NOMAP = -PtError.NOMAP.code();
    /** Where {@link #elf32} puts the payload: after the header and two program headers. */
    private static final int PAYLOAD = 52 + 2 * 32;
    private static final String MARKER = "hindsight-elf-marker-0123456789";
    private static final String PROGRAM = "const char marker[] = \"" + MARKER + "\";\n"
            + "char big[1 << 20];\n"
            + "int main(int argc, char **argv) { big[argc] = marker[argc]; return big[1]; }\n";

    @TempDir
    static Path dir;

    private static Path staticExe;
    private static Path pieExe;

    @BeforeAll
    static void compile() throws Exception {
        Path src = Files.writeString(dir.resolve("prog.c"), PROGRAM);
        staticExe = dir.resolve("prog-static");
        pieExe = dir.resolve("prog-pie");
        run("gcc", "-O1", "-static", "-o", staticExe.toString(), src.toString());
        run("gcc", "-O1", "-fPIE", "-pie", "-o", pieExe.toString(), src.toString());
    }

    @Test
    void shouldMapStaticExecutableAtItsOwnAddresses() throws Exception {
        Map<String, Long> symbols = symbols(staticExe);
        Image image = new Image();
        ElfLoadResult r = ElfLoader.load(staticExe.toString(), dir, new SectionCache(), image);
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertEquals(r.isids().size(), image.sections().size());
        assertTrue(r.isids().size() >= 2, "PT_LOAD segments: " + r.isids());
        assertMarkerAt(image, symbols.get("marker"));
        assertCodeMatchesFile(image, staticExe, symbols.get("main"), 0);
    }

    @Test
    void shouldNotMapBssBeyondFileSize() throws Exception {
        Map<String, Long> symbols = symbols(staticExe);
        Image image = new Image();
        ElfLoader.load(staticExe.toString(), dir, new SectionCache(), image);
        long big = symbols.get("big");
        assertEquals(NOMAP, image.read(new byte[1], 1, big + 0x80000, Asid.ANY));
    }

    @Test
    void shouldMovePieSoLowestSegmentStartsAtBase() throws Exception {
        Map<String, Long> symbols = symbols(pieExe);
        long base = 0x555555554000L;
        Image image = new Image();
        ElfLoadResult r = ElfLoader.load(pieExe + ":0x555555554000", dir, new SectionCache(),
                image);
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        // gcc links a PIE with its first PT_LOAD at 0, so symbols move by exactly the base.
        assertMarkerAt(image, base + symbols.get("marker"));
        assertCodeMatchesFile(image, pieExe, symbols.get("main"), base);
        assertEquals(NOMAP, image.read(new byte[1], 1, symbols.get("marker"), Asid.ANY));
        long lowest = image.sections().stream().mapToLong(MappedSection::vaddr).min().orElseThrow();
        assertEquals(base, lowest);
    }

    @Test
    void shouldMapPieAtLinkAddressesWithoutBase() throws Exception {
        Map<String, Long> symbols = symbols(pieExe);
        Image image = new Image();
        ElfLoader.load(pieExe.toString(), dir, new SectionCache(), image);
        assertMarkerAt(image, symbols.get("marker"));
    }

    @Test
    void shouldLoadElf32Segments() throws Exception {
        Path f = dir.resolve("tiny32");
        byte[] payload = "tiny elf32 payload".getBytes(StandardCharsets.US_ASCII);
        Files.write(f, elf32(payload, 0x08048000L));
        Image image = new Image();
        ElfLoadResult r = ElfLoader.load("tiny32", dir, new SectionCache(), image);
        assertEquals(List.of(1), r.isids());
        byte[] b = new byte[payload.length];
        assertEquals(payload.length, image.read(b, b.length, 0x08048000L + PAYLOAD, Asid.ANY));
        assertArrayEquals(payload, b);
        Image moved = new Image();
        ElfLoader.load("tiny32:0x10000000", dir, new SectionCache(), moved);
        assertEquals(payload.length, moved.read(b, b.length, 0x10000000L + PAYLOAD, Asid.ANY));
        assertArrayEquals(payload, b);
    }

    @Test
    void shouldWarnAboutSegmentOutsideFileAndMissingLoadSections() throws Exception {
        Path f = dir.resolve("badseg32");
        byte[] elf = elf32(new byte[4], 0x1000);
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putInt(52 + 4, 0x10000); // p_offset
        Files.write(f, elf);
        ElfLoadResult r = ElfLoader.load(f.toString(), dir, new SectionCache(), new Image());
        assertEquals(List.of(), r.isids());
        assertEquals(2, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("failed to create section for phdr 0"),
                r.warnings().get(0));
        assertTrue(r.warnings().get(1).endsWith("did not find any load sections"));
    }

    @Test
    void shouldRejectFileThatIsNotElf() throws Exception {
        Path f = Files.writeString(dir.resolve("text.txt"), "this is not an ELF file at all");
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load(f.toString(), dir, new SectionCache(), new Image()));
        assertEquals(f + ": not an ELF file", e.getMessage());
        assertEquals(f.toString(), e.file());
    }

    @Test
    void shouldRejectTruncatedElf() throws Exception {
        Path f = Files.write(dir.resolve("short"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load(f.toString(), dir, new SectionCache(), new Image()));
        assertEquals(f + ": error reading file header: file too short", e.getMessage());
        byte[] head = Arrays.copyOf(Files.readAllBytes(staticExe), 0x60);
        Path g = Files.write(dir.resolve("nophdr"), head);
        e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load(g.toString(), dir, new SectionCache(), new Image()));
        assertTrue(e.getMessage().startsWith(g + ": error reading phdr 0"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownElfClass() throws Exception {
        byte[] elf = elf32(new byte[4], 0x1000);
        elf[4] = 3;
        Path f = Files.write(dir.resolve("class3"), elf);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load(f.toString(), dir, new SectionCache(), new Image()));
        assertEquals(f + ": unsupported ELF class: 3", e.getMessage());
    }

    @Test
    void shouldRejectBigEndianElf() throws Exception {
        byte[] elf = elf32(new byte[4], 0x1000);
        elf[5] = 2;
        Path f = Files.write(dir.resolve("msb"), elf);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load(f.toString(), dir, new SectionCache(), new Image()));
        assertTrue(e.getMessage().contains("only little-endian"), e.getMessage());
    }

    @Test
    void shouldNameMissingElfFile() {
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> ElfLoader.load("missing.elf", dir, new SectionCache(), new Image()));
        assertEquals(dir.resolve("missing.elf") + ": no such file", e.getMessage());
    }

    /** An ELF32 file: header, a PT_LOAD of the whole file at vaddr, a PT_NOTE, the payload. */
    private static byte[] elf32(byte[] payload, long vaddr) {
        int phoff = 52;
        int size = phoff + 2 * 32 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 3).putInt(20, 1);
        b.putInt(24, (int) vaddr + PAYLOAD).putInt(28, phoff);
        b.putShort(40, (short) 52).putShort(42, (short) 32).putShort(44, (short) 2);
        int p = phoff;
        b.putInt(p, 1).putInt(p + 4, 0).putInt(p + 8, (int) vaddr).putInt(p + 12, (int) vaddr)
                .putInt(p + 16, size).putInt(p + 20, size + 0x100).putInt(p + 24, 5)
                .putInt(p + 28, 0x1000);
        p += 32;
        b.putInt(p, 4).putInt(p + 4, 0).putInt(p + 16, 0);
        b.position(PAYLOAD);
        b.put(payload);
        return b.array();
    }

    private static void assertMarkerAt(Image image, long address) {
        byte[] b = new byte[MARKER.length()];
        int n = 0;
        while (n < b.length) {
            int r = image.read(b, n, b.length - n, address + n, Asid.ANY);
            assertTrue(r > 0, "read at 0x" + Long.toHexString(address + n) + ": " + r);
            n += r;
        }
        assertEquals(MARKER, new String(b, StandardCharsets.US_ASCII));
    }

    /** The 15 bytes at {@code main} equal the file's bytes at the matching file offset. */
    private static void assertCodeMatchesFile(Image image, Path exe, long main, long shift)
            throws IOException {
        byte[] file = Files.readAllBytes(exe);
        byte[] code = new byte[15];
        assertEquals(15, image.read(code, 15, main + shift, Asid.ANY));
        MappedSection m = image.sections().stream().filter(s -> s.contains(main + shift))
                .findFirst().orElseThrow();
        int at = (int) (m.section().offset() + m.offset() + (main + shift - m.vaddr()));
        assertArrayEquals(Arrays.copyOfRange(file, at, at + 15), code);
    }

    private static Map<String, Long> symbols(Path exe) throws Exception {
        String out = run("nm", exe.toString());
        Map<String, Long> symbols = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                symbols.put(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        assertTrue(symbols.containsKey("marker") && symbols.containsKey("main"), out);
        return symbols;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
