package dev.hindsight.pt.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class TntCacheTest {

    @Test
    void shouldBeEmptyInitially() {
        TntCache cache = new TntCache();
        assertTrue(cache.isEmpty());
        assertEquals(-PtError.BAD_QUERY.code(), cache.query());
    }

    @Test
    void shouldAnswerOldestBitFirst() {
        TntCache cache = new TntCache();
        // 3 bits: oldest (bit 2) taken, then not taken, then taken.
        assertEquals(0, cache.add(0b101, 3));
        assertEquals(1, cache.query());
        assertEquals(0, cache.query());
        assertEquals(1, cache.query());
        assertTrue(cache.isEmpty());
        assertEquals(-PtError.BAD_QUERY.code(), cache.query());
    }

    @Test
    void shouldAppendNewBitsAfterCachedOnes() {
        TntCache cache = new TntCache();
        cache.add(0b10, 2);
        cache.add(0b011, 3);
        int[] expected = {1, 0, 0, 1, 1};
        for (int bit : expected) {
            assertEquals(bit, cache.query());
        }
        assertTrue(cache.isEmpty());
    }

    @Test
    void shouldIgnoreBitsAboveSize() {
        TntCache cache = new TntCache();
        cache.add(0xfff0, 2);
        assertEquals(0, cache.query());
        assertEquals(0, cache.query());
        assertTrue(cache.isEmpty());
    }

    @Test
    void shouldHoldTnt64Payload() {
        TntCache cache = new TntCache();
        long bits = 0x5555_5555_5555L & ((1L << 47) - 1);
        assertEquals(0, cache.add(bits, 47));
        for (int i = 46; i >= 0; i--) {
            assertEquals((int) ((bits >>> i) & 1), cache.query(), "bit " + i);
        }
        assertTrue(cache.isEmpty());
    }

    @Test
    void shouldReportOverflowWhenFull() {
        TntCache cache = new TntCache();
        assertEquals(0, cache.add(0, 47));
        assertEquals(-PtError.OVERFLOW.code(), cache.add(0, 47));
        assertFalse(cache.isEmpty());
    }

    @Test
    void shouldEmptyOnClear() {
        TntCache cache = new TntCache();
        cache.add(1, 1);
        cache.clear();
        assertTrue(cache.isEmpty());
    }
}
