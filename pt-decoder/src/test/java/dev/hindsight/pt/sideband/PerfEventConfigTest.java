package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class PerfEventConfigTest {

    @Test
    void shouldConvertTimeZeroToTscZero() {
        assertEquals(0, new PerfEventConfig(0, 100, 3, 7).timeToTsc(0));
    }

    @Test
    void shouldBeIdentityWithUnitMultiplierAndNoShift() {
        PerfEventConfig config = PerfEventConfig.DEFAULT;
        assertEquals(0x1234, config.timeToTsc(0x1234));
        assertEquals(0x1234, config.timeFromTsc(0x1234));
    }

    @Test
    void shouldConvertWithZeroShiftAndMultiplier() {
        // time = zero + tsc * mult >> shift, as the kernel's perf_event_mmap_page documents.
        PerfEventConfig config = new PerfEventConfig(0, 1000, 10, 512);
        assertEquals(1000 + 4000 / 2, config.timeFromTsc(4000));
        assertEquals(4000, config.timeToTsc(3000));
    }

    @Test
    void shouldRoundTripTscThroughTime() {
        PerfEventConfig config = new PerfEventConfig(0, 0x1_0000_0000L, 31, 0x7fff_1234L);
        for (long tsc : new long[] {1, 0x1000, 0x1234_5678_9aL, 0x7_0000_0000_0000L}) {
            long time = config.timeFromTsc(tsc);
            long back = config.timeToTsc(time);
            // The division loses at most one tick per conversion.
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(back - tsc) <= 1,
                    tsc + " -> " + time + " -> " + back);
        }
    }

    @Test
    void shouldUseUnsignedArithmetic() {
        PerfEventConfig config = new PerfEventConfig(0, 0, 0, 3);
        assertEquals(Long.divideUnsigned(-1L, 3), config.timeToTsc(-1L));
    }

    @Test
    void shouldRejectZeroMultiplier() {
        PerfEventConfig config = PerfEventConfig.DEFAULT.withTimeMult(0);
        assertEquals(-PtError.BAD_CONFIG.code(), config.timeToTscStatus());
        assertThrows(IllegalStateException.class, () -> config.timeToTsc(5));
        assertThrows(IllegalStateException.class, () -> config.timeFromTsc(5));
    }

    @Test
    void shouldRejectOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new PerfEventConfig(0, 0, 0x10000, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PerfEventConfig(0, 0, 0, 0x1_0000_0000L));
    }
}
