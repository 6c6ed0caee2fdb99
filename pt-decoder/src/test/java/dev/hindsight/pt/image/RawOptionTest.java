package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RawOptionTest {

    @Test
    void shouldReadFileAndBase() throws Exception {
        assertEquals(new RawOption("code.bin", 0, RawOption.TO_END, 0x1000),
                RawOption.parse("code.bin:0x1000"));
    }

    @Test
    void shouldReadSingleNumberBeforeBaseAsStartOffset() throws Exception {
        // libipt's truncated test: load from offset 2 to the end of the file at 0x1002.
        RawOption o = RawOption.parse("truncated.bin:0x2:0x1002");
        assertEquals(new RawOption("truncated.bin", 2, RawOption.TO_END, 0x1002), o);
        assertFalse(o.hasEnd());
    }

    @Test
    void shouldReadRangeAsStartAndSize() throws Exception {
        RawOption o = RawOption.parse("image.dump:0x1000-0x27000:0x400000");
        assertEquals(new RawOption("image.dump", 0x1000, 0x26000, 0x400000), o);
        assertTrue(o.hasEnd());
    }

    @Test
    void shouldReadDecimalOctalAndHexLikeStrtoull() throws Exception {
        assertEquals(new RawOption("f", 16, 4, 4096), RawOption.parse("f:16-20:4096"));
        assertEquals(new RawOption("f", 8, RawOption.TO_END, 0x10), RawOption.parse("f:010:0X10"));
        assertEquals(new RawOption("f", 0, RawOption.TO_END, 0xffffffff81000000L),
                RawOption.parse("f:0xffffffff81000000"));
    }

    @Test
    void shouldKeepColonInFileNameWhenNotARange() throws Exception {
        assertEquals(new RawOption("c:code.bin", 0, RawOption.TO_END, 0x1000),
                RawOption.parse("c:code.bin:0x1000"));
        assertEquals(new RawOption("a:", 0, RawOption.TO_END, 0x1000),
                RawOption.parse("a::0x1000"));
        assertEquals(new RawOption("a:1-x", 0, RawOption.TO_END, 0x1000),
                RawOption.parse("a:1-x:0x1000"));
    }

    @Test
    void shouldRejectMissingOrBadBase() {
        for (String arg : new String[] {"code.bin", "code.bin:", "code.bin:0x10g", "code.bin:x",
            "code.bin:0x10000000000000000"}) {
            ImageLoadException e = assertThrows(ImageLoadException.class,
                    () -> RawOption.parse(arg), arg);
            assertEquals(arg, e.file());
            assertTrue(e.getMessage().contains("failed to parse base address"), e.getMessage());
        }
    }

    @Test
    void shouldRejectEmptyOrReversedRange() {
        for (String arg : new String[] {"f:0x20-0x10:0x1000", "f:0x10-0x10:0x1000",
            "f:-:0x1000", "f:5-:0x1000"}) {
            ImageLoadException e = assertThrows(ImageLoadException.class,
                    () -> RawOption.parse(arg), arg);
            assertEquals("f", e.file());
            assertTrue(e.getMessage().startsWith("f: bad range"), e.getMessage());
        }
    }
}
