package dev.hindsight.errata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CNumberTest {

    @Test
    void shouldReadDecimalHexAndOctal() {
        assertEquals(new CNumber(false, 142, false, 3), CNumber.read("142/", 0));
        assertEquals(new CNumber(false, 0x8e, false, 4), CNumber.read("0x8e", 0));
        assertEquals(new CNumber(false, 8, false, 3), CNumber.read("010", 0));
    }

    @Test
    void shouldStopAtHexPrefixWithoutDigits() {
        // strtol reads "0x" followed by a non-hex character as the number 0 ending before 'x'.
        assertEquals(new CNumber(false, 0, false, 1), CNumber.read("0xg", 0));
    }

    @Test
    void shouldReportNoDigitsAsEndAtStart() {
        assertEquals(2, CNumber.read("ab-", 2).end());
        assertEquals(3, CNumber.read("ab- ", 3).end());
    }

    @Test
    void shouldFlagOverflowAndSign() {
        CNumber big = CNumber.read("99999999999999999999", 0);
        assertTrue(big.overflow());
        assertFalse(big.inRange(Long.MAX_VALUE));
        assertFalse(CNumber.read("-1", 0).inRange(10));
        assertTrue(CNumber.read("-0", 0).inRange(10));
    }

    @Test
    void shouldReadFull64BitsAndWrapNegativesAsStrtoull() {
        assertEquals(-1L, CNumber.read("0xffffffffffffffff", 0).unsigned());
        assertEquals(-1L, CNumber.read("18446744073709551615", 0).unsigned());
        assertFalse(CNumber.read("18446744073709551615", 0).overflow());
        assertEquals(-1L, CNumber.read("-1", 0).unsigned());
        assertEquals(-16L, CNumber.read(" -0x10", 0).unsigned());
    }

    @Test
    void shouldSaturateOnOverflowAsStrtoull() {
        CNumber n = CNumber.read("18446744073709551616", 0);
        assertTrue(n.overflow());
        assertEquals(-1L, n.unsigned());
    }

    @Test
    void shouldParseWholeStringsOnly() {
        assertEquals(0x1000L, CNumber.parseWhole("0x1000"));
        assertNull(CNumber.parseWhole(""));
        assertNull(CNumber.parseWhole("0x1000 "));
        assertNull(CNumber.parseWhole(" "));
        assertNull(CNumber.parseWhole("99999999999999999999"));
    }
}
