package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageDumpLoaderTest {

    private static final int NOMAP = -PtError.NOMAP.code();

    private static Path libxdc(String name) {
        return SharedData.dir("realtraces", "libxdc", name);
    }

    @Test
    void shouldMapUnzipAsOneSectionOfThirtyNinePages() throws Exception {
        Image image = new Image();
        List<Integer> isids = PageDumpLoader.load(libxdc("Unzip"), new SectionCache(), image);
        assertEquals(List.of(1), isids);
        MappedSection m = image.sections().get(0);
        assertEquals(0x400000, m.vaddr());
        assertEquals(39 * 4096, m.size());
        byte[] b = new byte[4];
        assertEquals(4, image.read(b, 4, 0x400000, Asid.ANY));
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, b);
        assertEquals(NOMAP, image.read(b, 4, 0x427000, Asid.ANY));
        assertEquals(NOMAP, image.read(b, 4, 0x3fffff, Asid.ANY));
    }

    @Test
    void shouldMapEachRunOfConsecutivePagesAsOneSection() throws Exception {
        Path dir = libxdc("dyn_test");
        Image image = new Image();
        List<Integer> isids = PageDumpLoader.load(dir, new SectionCache(), image);
        assertEquals(12, isids.size());
        assertEquals(12, image.sections().size());
        // Page i of the dump appears at addr[i]: check the first byte of every page.
        byte[] addr = Files.readAllBytes(dir.resolve("image.addr"));
        byte[] dump = Files.readAllBytes(dir.resolve("image.dump"));
        ByteBuffer a = ByteBuffer.wrap(addr).order(ByteOrder.LITTLE_ENDIAN);
        byte[] b = new byte[16];
        for (int i = 0; i < addr.length / 8; i++) {
            long page = a.getLong(i * 8);
            assertEquals(16, image.read(b, 16, page + 0x100, Asid.ANY));
            for (int k = 0; k < 16; k++) {
                assertEquals(dump[i * 4096 + 0x100 + k], b[k], "page " + i);
            }
        }
    }

    @Test
    void shouldMapKernelPagesOfIcelakeTrace() throws Exception {
        Image image = new Image();
        List<Integer> isids = PageDumpLoader.load(libxdc("icelake_tip"), new SectionCache(),
                image);
        assertEquals(2, isids.size());
        byte[] b = new byte[4];
        assertEquals(4, image.read(b, 4, 0xffffffff8111d000L, Asid.ANY));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x49, 0x39, (byte) 0xc1}, b);
        assertEquals(2, image.read(b, 4, 0xffffffff8111effeL, Asid.ANY));
        assertEquals(NOMAP, image.read(b, 4, 0xffffffff8111f000L, Asid.ANY));
        assertEquals(4, image.read(b, 4, 0xffffffffc0381000L, Asid.ANY));
        assertEquals(2, image.lastIsid());
    }

    @Test
    void shouldMapLargeDumpsWithoutCopying() throws Exception {
        SectionCache cache = new SectionCache();
        Image image = new Image();
        assertEquals(1, PageDumpLoader.load(libxdc("foo"), cache, image).size());
        assertEquals(433L * 4096, image.sections().get(0).size());
        ImageWindow w = new ImageWindow();
        assertEquals(1, image.find(0x7ffff7819000L, Asid.ANY, w));
        assertTrue(w.sectionBuffer().isDirect());
        assertEquals(1, PageDumpLoader.load(libxdc("mruby"), new SectionCache(), new Image())
                .size());
    }

    @Test
    void shouldRejectDumpOfWrongSize(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("image.addr"), new byte[16]);
        Files.write(dir.resolve("image.dump"), new byte[4096]);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> PageDumpLoader.load(dir, new SectionCache(), new Image()));
        assertEquals(dir.resolve("image.dump").toString(), e.file());
        assertTrue(e.getMessage().contains("lists 2 pages"), e.getMessage());
    }

    @Test
    void shouldRejectAddressFileNotMultipleOfEight(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("image.addr"), new byte[12]);
        Files.write(dir.resolve("image.dump"), new byte[4096]);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> PageDumpLoader.load(dir, new SectionCache(), new Image()));
        assertEquals(dir.resolve("image.addr").toString(), e.file());
    }

    @Test
    void shouldNameMissingFile(@TempDir Path dir) {
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> PageDumpLoader.load(dir, new SectionCache(), new Image()));
        assertEquals(dir.resolve("image.addr") + ": no such file", e.getMessage());
    }
}
