package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {

    private static final int NOMAP = -PtError.NOMAP.code();

    /** A memory section of {@code size} bytes, each {@code fill}. */
    private static Section section(String name, int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return Section.ofBytes(name, b);
    }

    /** A memory section whose byte i is (first + i). */
    private static Section counting(String name, int size, int first) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (first + i);
        }
        return Section.ofBytes(name, b);
    }

    /** The byte at {@code ip}, or the negative read status. */
    private static int byteAt(Image image, long ip, Asid asid) {
        byte[] b = new byte[1];
        int n = image.read(b, 1, ip, asid);
        return n < 0 ? n : b[0] & 0xff;
    }

    @Test
    void shouldReadBytesAndReportIsid() {
        Image image = new Image("test");
        image.add(counting("a", 0x100, 0), Asid.ANY, 0x1000, 7);
        byte[] dst = new byte[15];
        assertEquals(15, image.read(dst, 15, 0x1010, Asid.ANY));
        assertEquals(0x10, dst[0]);
        assertEquals(0x1e, dst[14]);
        assertEquals(7, image.lastIsid());
    }

    @Test
    void shouldReadAnyFewBytesUpToTheSectionEndFromHeapAndDirectBuffers() {
        byte[] bytes = new byte[40];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (0x80 + i);
        }
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        for (Section section : new Section[] {Section.ofBytes("heap", bytes),
            Section.ofBuffer("direct", direct)}) {
            Image image = new Image("test");
            image.add(section, 0x1000);
            for (int at = 0; at < bytes.length; at++) {
                for (int len = 1; len <= 17; len++) {
                    byte[] dst = new byte[20];
                    int n = image.read(dst, 2, len, 0x1000 + at, Asid.ANY);
                    assertEquals(Math.min(len, bytes.length - at), n, section + " " + at);
                    for (int i = 0; i < n; i++) {
                        assertEquals(bytes[at + i], dst[2 + i], section + " " + at + "+" + i);
                    }
                    assertEquals(0, dst[2 + n], "nothing written past the bytes read");
                }
            }
        }
    }

    @Test
    void shouldReportNomapOutsideSectionsNeverZeros() {
        Image image = new Image();
        image.add(section("a", 0x100, 0), Asid.ANY, 0x1000, 1);
        image.add(section("b", 0x100, 0), Asid.ANY, 0x1200, 2);
        assertEquals(0, byteAt(image, 0x1000, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0xfff, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x1100, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x11ff, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x1300, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, -1L, Asid.ANY));
    }

    @Test
    void shouldReportNomapForEmptyImage() {
        assertEquals(NOMAP, new Image().read(new byte[15], 15, 0x1000, Asid.ANY));
    }

    @Test
    void shouldStopReadAtSectionEndEvenWithNeighbourAfterIt() {
        Image image = new Image();
        image.add(counting("a", 0x10, 0), Asid.ANY, 0x1000, 1);
        image.add(counting("b", 0x10, 0x40), Asid.ANY, 0x1010, 2);
        byte[] dst = new byte[15];
        assertEquals(3, image.read(dst, 15, 0x100d, Asid.ANY));
        assertArrayEquals(new byte[] {0xd, 0xe, 0xf}, Arrays.copyOf(dst, 3));
        assertEquals(1, image.lastIsid());
        assertEquals(15, image.read(dst, 15, 0x1010, Asid.ANY));
        assertEquals(2, image.lastIsid());
    }

    @Test
    void shouldKeepBackOfOldSectionWhenNewOneCoversItsFront() {
        Image image = new Image();
        image.add(counting("old", 0x100, 0), Asid.ANY, 0x1000, 1);
        image.add(section("new", 0x100, 0xee), Asid.ANY, 0xf80, 2);
        assertEquals(0xee, byteAt(image, 0x107f, Asid.ANY));
        assertEquals(2, image.lastIsid());
        assertEquals(0x80, byteAt(image, 0x1080, Asid.ANY));
        assertEquals(1, image.lastIsid());
        assertEquals(NOMAP, byteAt(image, 0x1100, Asid.ANY));
        MappedSection back = find(image, "old");
        assertEquals(0x1080, back.vaddr());
        assertEquals(0x80, back.offset());
        assertEquals(0x80, back.size());
    }

    @Test
    void shouldKeepFrontOfOldSectionWhenNewOneCoversItsBack() {
        Image image = new Image();
        image.add(counting("old", 0x100, 0), Asid.ANY, 0x1000, 1);
        image.add(section("new", 0x100, 0xee), Asid.ANY, 0x1080, 2);
        assertEquals(0x7f, byteAt(image, 0x107f, Asid.ANY));
        assertEquals(0xee, byteAt(image, 0x1080, Asid.ANY));
        assertEquals(0xee, byteAt(image, 0x117f, Asid.ANY));
        MappedSection front = find(image, "old");
        assertEquals(0x1000, front.vaddr());
        assertEquals(0, front.offset());
        assertEquals(0x80, front.size());
    }

    @Test
    void shouldSplitOldSectionWhenNewOneCoversItsMiddle() {
        Image image = new Image();
        image.add(counting("old", 0x100, 0), Asid.ANY, 0x1000, 1);
        image.add(section("new", 0x20, 0xee), Asid.ANY, 0x1040, 2);
        assertEquals(3, image.sections().size());
        assertEquals(0x3f, byteAt(image, 0x103f, Asid.ANY));
        assertEquals(0xee, byteAt(image, 0x1040, Asid.ANY));
        assertEquals(0xee, byteAt(image, 0x105f, Asid.ANY));
        assertEquals(0x60, byteAt(image, 0x1060, Asid.ANY));
        assertEquals(1, image.lastIsid());
        // A read at the end of the front part stops where the new section begins.
        byte[] dst = new byte[15];
        assertEquals(2, image.read(dst, 15, 0x103e, Asid.ANY));
    }

    @Test
    void shouldDropOldSectionWhenNewOneCoversAllOfIt() {
        Image image = new Image();
        image.add(counting("old", 0x100, 0), Asid.ANY, 0x1000, 1);
        image.add(section("new", 0x300, 0xee), Asid.ANY, 0xf00, 2);
        assertEquals(1, image.sections().size());
        assertEquals(0xee, byteAt(image, 0x1000, Asid.ANY));
        assertEquals(0xee, byteAt(image, 0x10ff, Asid.ANY));
    }

    @Test
    void shouldReplaceSectionAtSameRange() {
        Image image = new Image();
        image.add(section("old", 0x100, 1), Asid.ANY, 0x1000, 1);
        image.add(section("new", 0x100, 2), Asid.ANY, 0x1000, 2);
        assertEquals(List.of("new"), image.sections().stream()
                .map(m -> m.section().fileName()).toList());
        assertEquals(2, byteAt(image, 0x1050, Asid.ANY));
    }

    @Test
    void shouldNotServeStaleBytesFromLastHitAfterAdd() {
        Image image = new Image();
        image.add(section("old", 0x100, 1), Asid.ANY, 0x1000, 1);
        assertEquals(1, byteAt(image, 0x1010, Asid.ANY));
        image.add(section("new", 0x10, 2), Asid.ANY, 0x1010, 2);
        assertEquals(2, byteAt(image, 0x1010, Asid.ANY));
        assertEquals(2, image.lastIsid());
    }

    @Test
    void shouldKeepSectionsOfDifferentAddressSpacesApart() {
        Image image = new Image();
        Asid p1 = Asid.ofCr3(0x1000);
        Asid p2 = Asid.ofCr3(0x2000);
        image.add(section("p1", 0x100, 1), p1, 0x400000, 1);
        image.add(section("p2", 0x100, 2), p2, 0x400000, 2);
        assertEquals(2, image.sections().size());
        assertEquals(1, byteAt(image, 0x400010, p1));
        assertEquals(2, byteAt(image, 0x400010, p2));
        assertEquals(1, byteAt(image, 0x400010, p1));
        assertEquals(NOMAP, byteAt(image, 0x400010, Asid.ofCr3(0x3000)));
        // A reader in any address space sees the most recently found match, as libipt.
        assertEquals(1, byteAt(image, 0x400010, Asid.ANY));
    }

    @Test
    void shouldReplaceAllMatchingAddressSpacesWhenAddingForAny() {
        Image image = new Image();
        image.add(section("p1", 0x100, 1), Asid.ofCr3(0x1000), 0x400000, 1);
        image.add(section("p2", 0x100, 2), Asid.ofCr3(0x2000), 0x400080, 2);
        image.add(section("all", 0x40, 3), Asid.ANY, 0x400080, 3);
        assertEquals(3, byteAt(image, 0x400080, Asid.ofCr3(0x1000)));
        assertEquals(3, byteAt(image, 0x400080, Asid.ofCr3(0x2000)));
        assertEquals(1, byteAt(image, 0x40007f, Asid.ofCr3(0x1000)));
        assertEquals(NOMAP, byteAt(image, 0x40007f, Asid.ofCr3(0x2000)));
        assertEquals(2, byteAt(image, 0x4000c0, Asid.ofCr3(0x2000)));
    }

    @Test
    void shouldRemoveByFilenameIsidAndAsid() {
        Image image = new Image();
        Section a = section("a", 0x10, 1);
        image.add(a, Asid.ANY, 0x1000, 1);
        image.add(a, Asid.ANY, 0x2000, 2);
        image.add(section("b", 0x10, 2), Asid.ofCr3(5), 0x3000, 3);
        image.add(section("c", 0x10, 3), Asid.ofCr3(6), 0x4000, 4);
        assertEquals(1, byteAt(image, 0x1000, Asid.ANY));
        assertEquals(1, image.removeByIsid(1, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x1000, Asid.ANY));
        assertEquals(1, image.removeByFilename("a", Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x2000, Asid.ANY));
        assertEquals(0, image.removeByAsid(Asid.ofCr3(7)));
        assertEquals(1, image.removeByAsid(Asid.ofCr3(5)));
        assertEquals(3, byteAt(image, 0x4000, Asid.ANY));
        assertFalse(image.remove(a, Asid.ANY, 0x4000));
        assertEquals(1, image.sections().size());
    }

    @Test
    void shouldRemoveOneMappingBySectionAndAddress() {
        Image image = new Image();
        Section a = section("a", 0x10, 1);
        image.add(a, Asid.ANY, 0x1000, 0);
        image.add(a, Asid.ANY, 0x2000, 0);
        assertTrue(image.remove(a, Asid.ANY, 0x2000));
        assertEquals(NOMAP, byteAt(image, 0x2000, Asid.ANY));
        assertEquals(1, byteAt(image, 0x1000, Asid.ANY));
    }

    @Test
    void shouldCopySplitMappingsAsTheyAre() {
        Image src = new Image();
        src.add(counting("old", 0x100, 0), Asid.ANY, 0x1000, 1);
        src.add(section("new", 0x20, 0xee), Asid.ANY, 0x1040, 2);
        Image dst = new Image();
        dst.copy(src);
        assertEquals(3, dst.sections().size());
        assertEquals(0x60, byteAt(dst, 0x1060, Asid.ANY));
        assertEquals(0xee, byteAt(dst, 0x1040, Asid.ANY));
        assertEquals(NOMAP, byteAt(dst, 0x1100, Asid.ANY));
    }

    @Test
    void shouldHandleKernelAddressesUnsigned() {
        Image image = new Image();
        long kernel = 0xffffffff81000000L;
        image.add(counting("k", 0x100, 0), Asid.ANY, kernel, 1);
        assertEquals(0x10, byteAt(image, kernel + 0x10, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, kernel - 1, Asid.ANY));
        assertEquals(NOMAP, byteAt(image, 0x1000, Asid.ANY));
    }

    @Test
    void shouldRejectSectionThatWrapsAroundAddressSpace() {
        Image image = new Image();
        assertThrows(IllegalArgumentException.class,
                () -> image.add(section("w", 0x100, 0), Asid.ANY, -0x80L, 1));
    }

    @Test
    void shouldAskReaderForUnmappedAddresses() {
        Image image = new Image();
        image.add(section("a", 0x10, 1), Asid.ANY, 0x1000, 5);
        image.setReader((dst, off, len, ip, asid) -> {
            if (ip != 0x9000) {
                return NOMAP;
            }
            dst[off] = 0x42;
            return 1;
        });
        assertEquals(1, byteAt(image, 0x1000, Asid.ANY));
        assertEquals(5, image.lastIsid());
        assertEquals(0x42, byteAt(image, 0x9000, Asid.ANY));
        assertEquals(0, image.lastIsid());
        assertEquals(NOMAP, byteAt(image, 0x9001, Asid.ANY));
    }

    @Test
    void shouldFillWindowWithDirectSliceOfFileSection(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[0x40];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Path f = Files.write(dir.resolve("code.bin"), bytes);
        Image image = new Image();
        image.addFile(f, 0x10, 0x20, Asid.ANY, 0x401000);
        ImageWindow w = new ImageWindow();
        assertFalse(w.contains(0x401000));
        assertEquals(0, image.find(0x401008, Asid.ANY, w));
        assertTrue(w.sectionBuffer().isDirect());
        assertEquals(0x401000, w.begin());
        assertEquals(0x20, w.size());
        assertEquals(0x10, w.sectionBuffer().get(w.offset()));
        assertEquals(0x2f, w.sectionBuffer().get(w.offset() + 0x1f));
        assertTrue(w.contains(0x40101f));
        assertFalse(w.contains(0x401020));
        assertEquals(NOMAP, image.find(0x401020, Asid.ANY, w));
    }

    @Test
    void shouldNotAllocatePerRead() {
        Image image = new Image();
        image.add(counting("a", 0x1000, 0), Asid.ANY, 0x1000, 1);
        image.add(counting("b", 0x1000, 0), Asid.ANY, 0x3000, 2);
        byte[] dst = new byte[15];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) { // warm up
            sum += image.read(dst, 15, 0x1000 + (i & 0xfff), Asid.ANY);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            sum += image.read(dst, 15, 0x1000 + (i & 0xfff), Asid.ANY);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum > 0);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 100000 reads");
    }

    private static MappedSection find(Image image, String name) {
        return image.sections().stream().filter(m -> m.section().fileName().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldSwitchWindowsBetweenSectionsWithoutAllocating() {
        byte[] a = new byte[0x100];
        byte[] b = new byte[0x100];
        a[0x10] = 0x11;
        b[0x10] = 0x22;
        Image image = new Image();
        image.add(Section.ofBytes("a", a), 0x1000);
        image.add(Section.ofBytes("b", b), 0x2000);
        ImageWindow w = new ImageWindow();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        // Warm up first, so class loading and compilation are not counted.
        for (int i = 0; i < 20_000; i++) {
            sum += switchWindows(image, w);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            sum += switchWindows(image, w);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(40_000L * (0x11 + 0x22), sum);
        assertTrue(allocated < 1024, allocated + " bytes for 40000 finds");
    }

    private static int switchWindows(Image image, ImageWindow w) {
        return byteAt(image, w, 0x1010) + byteAt(image, w, 0x2010);
    }

    private static int byteAt(Image image, ImageWindow w, long ip) {
        assertTrue(image.find(ip, Asid.ANY, w) >= 0);
        return w.sectionBuffer().get((int) (ip - w.begin()) + w.offset());
    }

    @Test
    void shouldChangeItsGenerationWhenMappingsOrTheReaderChange() {
        Image image = new Image();
        long g0 = image.generation();
        Section s = section("a", 16, 1);
        image.add(s, 0x1000);
        long g1 = image.generation();
        assertTrue(g1 != g0);
        byte[] buf = new byte[4];
        image.read(buf, 4, 0x1000, Asid.ANY);
        assertEquals(g1, image.generation());
        assertTrue(image.remove(s, Asid.ANY, 0x1000));
        long g2 = image.generation();
        assertTrue(g2 != g1);
        image.setReader((dst, off, len, ip, asid) -> -NOMAP);
        assertTrue(image.generation() != g2);
    }
}
