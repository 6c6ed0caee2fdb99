package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionCacheTest {

    @TempDir
    Path dir;

    private Path file(String name, int size, int fill) throws IOException {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) fill);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void shouldNumberEntriesFromOne() throws Exception {
        SectionCache cache = new SectionCache("iscache");
        assertEquals(1, cache.addFile(file("a", 0x100, 1), 0, -1L, 0x1000));
        assertEquals(2, cache.addFile(file("b", 0x100, 2), 0, -1L, 0x2000));
        assertEquals(2, cache.size());
        assertEquals("iscache", cache.name());
    }

    @Test
    void shouldReturnSameIsidForSameRangeAtSameAddress() throws Exception {
        SectionCache cache = new SectionCache();
        Path a = file("a", 0x100, 1);
        int isid = cache.addFile(a, 0, -1L, 0x1000);
        // "rest of file" and the explicit size are the same range once cut to the file.
        assertEquals(isid, cache.addFile(a, 0, 0x100, 0x1000));
        assertEquals(isid, cache.addFile(a, 0, 0x1000, 0x1000));
        assertNotEquals(isid, cache.addFile(a, 0x10, -1L, 0x1000));
    }

    @Test
    void shouldShareSectionLoadedAtAnotherAddress() throws Exception {
        SectionCache cache = new SectionCache();
        Path a = file("a", 0x100, 1);
        int first = cache.addFile(a, 0, -1L, 0x1000);
        int second = cache.addFile(a, 0, -1L, 0x8000);
        assertNotEquals(first, second);
        assertSame(cache.lookup(first).section(), cache.lookup(second).section());
        assertEquals(0x8000, cache.lookup(second).vaddr());
    }

    @Test
    void shouldRejectUnknownIsid() {
        SectionCache cache = new SectionCache();
        assertThrows(IllegalArgumentException.class, () -> cache.lookup(0));
        assertThrows(IllegalArgumentException.class, () -> cache.lookup(1));
        assertThrows(IllegalArgumentException.class, () -> new Image().addCached(cache, 3,
                Asid.ANY));
        assertEquals(-PtError.BAD_IMAGE.code(), cache.read(new byte[1], 1, 1, 0x1000));
    }

    @Test
    void shouldReadByIsidAndVirtualAddress() throws Exception {
        SectionCache cache = new SectionCache();
        int isid = cache.addFile(file("a", 0x100, 7), 0, -1L, 0x1000);
        byte[] dst = new byte[15];
        assertEquals(15, cache.read(dst, 15, isid, 0x1010));
        assertEquals(7, dst[0]);
        assertEquals(1, cache.read(dst, 15, isid, 0x10ff));
        assertEquals(-PtError.NOMAP.code(), cache.read(dst, 15, isid, 0xfff));
        assertEquals(-PtError.NOMAP.code(), cache.read(dst, 15, isid, 0x1100));
    }

    @Test
    void shouldShareOneSectionBetweenImages() throws Exception {
        SectionCache cache = new SectionCache();
        int isid = cache.addFile(file("a", 0x100, 7), 0, -1L, 0x1000);
        Image one = new Image("one");
        Image two = new Image("two");
        one.addCached(cache, isid, Asid.ofCr3(1));
        two.addCached(cache, isid, Asid.ANY);
        assertSame(one.sections().get(0).section(), two.sections().get(0).section());
        byte[] dst = new byte[1];
        assertEquals(1, one.read(dst, 1, 0x1000, Asid.ofCr3(1)));
        assertEquals(isid, one.lastIsid());
        assertEquals(1, two.read(dst, 1, 0x1000, Asid.ofCr3(9)));
        assertEquals(isid, two.lastIsid());
        assertEquals(0x100, cache.used());
    }

    @Test
    void shouldKeepMappedSectionsWithinLimitDroppingLeastRecentlyUsed() throws Exception {
        SectionCache cache = new SectionCache();
        cache.setLimit(0x300);
        int a = cache.addFile(file("a", 0x100, 1), 0, -1L, 0x1000);
        int b = cache.addFile(file("b", 0x100, 2), 0, -1L, 0x2000);
        int c = cache.addFile(file("c", 0x100, 3), 0, -1L, 0x3000);
        int d = cache.addFile(file("d", 0x100, 4), 0, -1L, 0x4000);
        Image image = new Image();
        for (int isid : new int[] {a, b, c, d}) {
            image.addCached(cache, isid, Asid.ANY);
        }
        byte[] dst = new byte[1];
        image.read(dst, 1, 0x1000, Asid.ANY);
        image.read(dst, 1, 0x2000, Asid.ANY);
        image.read(dst, 1, 0x3000, Asid.ANY);
        assertEquals(0x300, cache.used());
        image.read(dst, 1, 0x1000, Asid.ANY); // a becomes most recent; b is now the oldest
        image.read(dst, 1, 0x4000, Asid.ANY);
        assertEquals(0x300, cache.used());
        assertFalse(cache.lookup(b).section().isMapped());
        assertTrue(cache.lookup(a).section().isMapped());
        assertTrue(cache.lookup(c).section().isMapped());
        assertTrue(cache.lookup(d).section().isMapped());
        // A dropped section is mapped again on demand.
        assertEquals(1, image.read(dst, 1, 0x2000, Asid.ANY));
        assertEquals(2, dst[0]);
        assertFalse(cache.lookup(c).section().isMapped());
    }

    @Test
    void shouldPruneWhenLimitIsLowered() throws Exception {
        SectionCache cache = new SectionCache();
        int a = cache.addFile(file("a", 0x100, 1), 0, -1L, 0x1000);
        int b = cache.addFile(file("b", 0x200, 2), 0, -1L, 0x2000);
        byte[] dst = new byte[1];
        cache.read(dst, 1, a, 0x1000);
        cache.read(dst, 1, b, 0x2000);
        assertEquals(0x300, cache.used());
        assertEquals(-1L, new SectionCache().limit());
        cache.setLimit(0x200);
        assertEquals(0x200, cache.used());
        assertFalse(cache.lookup(a).section().isMapped());
        cache.setLimit(0);
        assertEquals(0, cache.used());
        assertFalse(cache.lookup(b).section().isMapped());
    }

    @Test
    void shouldNotKeepSectionLargerThanLimit() throws Exception {
        SectionCache cache = new SectionCache();
        cache.setLimit(0x80);
        int a = cache.addFile(file("a", 0x100, 1), 0, -1L, 0x1000);
        Image image = new Image();
        image.addCached(cache, a, Asid.ANY);
        byte[] dst = new byte[1];
        assertEquals(1, image.read(dst, 1, 0x1000, Asid.ANY));
        assertEquals(0, cache.used());
        // The image still reads it: it holds the bytes of the section it last used.
        assertEquals(1, image.read(dst, 1, 0x10ff, Asid.ANY));
        assertEquals(1, dst[0]);
    }

    @Test
    void shouldForgetEverythingOnClear() throws Exception {
        SectionCache cache = new SectionCache();
        cache.addFile(file("a", 0x100, 1), 0, -1L, 0x1000);
        cache.read(new byte[1], 1, 1, 0x1000);
        cache.clear();
        assertEquals(0, cache.size());
        assertEquals(0, cache.used());
        assertEquals(1, cache.addFile(file("b", 0x100, 1), 0, -1L, 0x1000));
    }

    @Test
    void shouldRejectSectionOfAnotherCache() {
        SectionCache one = new SectionCache();
        Section s = Section.ofBytes("m", new byte[4]);
        assertEquals(1, one.add(s, 0x1000));
        assertEquals(1, one.add(s, 0x1000));
        assertThrows(IllegalArgumentException.class, () -> new SectionCache().add(s, 0x1000));
    }
}
