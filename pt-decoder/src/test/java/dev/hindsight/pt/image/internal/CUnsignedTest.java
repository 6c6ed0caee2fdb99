package dev.hindsight.pt.image.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CUnsignedTest {

    @Test
    void shouldReadAllBases() {
        assertEquals(new CUnsigned(4096, 4, false), CUnsigned.read("4096", 0));
        assertEquals(new CUnsigned(0x1000, 6, false), CUnsigned.read("0x1000", 0));
        assertEquals(new CUnsigned(8, 3, false), CUnsigned.read("010", 0));
        assertEquals(new CUnsigned(0, 1, false), CUnsigned.read("0", 0));
    }

    @Test
    void shouldReadFull64BitsAndNegate() {
        assertEquals(-1L, CUnsigned.read("0xffffffffffffffff", 0).value());
        assertEquals(-1L, CUnsigned.read("-1", 0).value());
        assertEquals(-16L, CUnsigned.read(" -0x10", 0).value());
    }

    @Test
    void shouldFlagOverflow() {
        CUnsigned n = CUnsigned.read("0x10000000000000000", 0);
        assertTrue(n.overflow());
        assertEquals(-1L, n.value());
        assertTrue(CUnsigned.read("18446744073709551616", 0).overflow());
        assertEquals(-1L, CUnsigned.read("18446744073709551615", 0).value());
    }

    @Test
    void shouldEndAtStartWithoutDigits() {
        assertEquals(3, CUnsigned.read("ab:xy", 3).end());
        assertEquals(1, CUnsigned.read("0xz", 0).end());
    }

    @Test
    void shouldParseWholeStringsOnly() {
        assertEquals(0x1000L, CUnsigned.parseWhole("0x1000"));
        assertNull(CUnsigned.parseWhole(""));
        assertNull(CUnsigned.parseWhole("0x1000 "));
        assertNull(CUnsigned.parseWhole(" "));
        assertNull(CUnsigned.parseWhole("99999999999999999999"));
    }
}
