package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeConfigTest {

    @Test
    void shouldStartWithEverythingZero() {
        TimeConfig c = TimeConfig.NONE;
        assertEquals(0, c.mtcFreq());
        assertEquals(0, c.nomFreq());
        assertFalse(c.hasCtcRatio());
        assertFalse(c.skl168());
        assertFalse(c.keepTcalOnOvf());
    }

    @Test
    void shouldRejectFrequenciesThatDoNotFitAByte() {
        assertThrows(IllegalArgumentException.class, () -> TimeConfig.builder().mtcFreq(256));
        assertThrows(IllegalArgumentException.class, () -> TimeConfig.builder().nomFreq(-1));
    }

    @Test
    void shouldKeepCpuidValuesUnsigned() {
        TimeConfig c = TimeConfig.builder().cpuid15Eax(-1).cpuid15Ebx(2).build();
        assertTrue(c.hasCtcRatio());
        assertTrue(c.toString().contains("cpuid15Eax=4294967295"));
        // 2^32 - 1 CTC ticks * 2 / (2^32 - 1) = 2.
        assertEquals(2, Ctc.toFc(0xffffffffL, c));
    }

    @Test
    void shouldCompareByValueAndRebuild() {
        TimeConfig a = TimeConfig.builder().mtcFreq(4).skl168(true).build();
        assertEquals(a, a.toBuilder().build());
        assertEquals(a.hashCode(), a.toBuilder().build().hashCode());
        assertNotEquals(a, a.toBuilder().keepTcalOnOvf(true).build());
    }
}
