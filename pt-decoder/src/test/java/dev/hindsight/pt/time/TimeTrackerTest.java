package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;

import org.junit.jupiter.api.Test;

class TimeTrackerTest {

    private final TimeHolder holder = new TimeHolder();

    @Test
    void shouldEstimateFromCbrCalibratedCycles() {
        TimeTracker t = new TimeTracker(TimeConfig.builder().nomFreq(4).build());
        assertEquals(0, t.tsc(0xa0000, true));
        assertEquals(0, t.cbr(2, true));
        assertEquals(0, t.cyc(3));
        assertTrue(t.eventTime(holder));
        assertEquals(0xa0006, holder.tsc());
    }

    @Test
    void shouldHaveNoEventTimeBeforeTsc() {
        TimeTracker t = new TimeTracker(TimeConfig.NONE);
        assertFalse(t.eventTime(holder));
    }

    @Test
    void shouldIgnoreConfigurationErrors() {
        // No CPUID.15H: MTCs cannot be converted, which only loses precision.
        TimeTracker t = new TimeTracker(TimeConfig.builder().mtcFreq(0).build());
        t.tsc(0x100, false);
        assertEquals(0, t.tma(0x10, 0));
        assertEquals(0, t.mtc(0x11));
        assertEquals(0, t.cyc(5));
        t.eventTime(holder);
        assertEquals(0x100, holder.tsc());
        assertEquals(1, holder.lostCyc());
    }

    @Test
    void shouldReturnOtherErrors() {
        TimeTracker t = new TimeTracker(TimeConfig.NONE);
        assertEquals(-PtError.BAD_CONTEXT.code(), t.tma(1, 1));
        assertEquals(-PtError.BAD_PACKET.code(), t.cbr(0, false));
    }

    @Test
    void shouldKeepTimeButNotCalibrationOverOverflow() {
        TimeTracker t = new TimeTracker(TimeConfig.builder().nomFreq(4).build());
        t.tsc(0xa0000, true);
        t.cbr(2, true);
        assertEquals(0, t.ovf());
        assertFalse(t.calibration().hasFcr());
        assertEquals(0, t.cyc(3));
        t.eventTime(holder);
        assertEquals(0xa0000, holder.tsc());
        assertEquals(1, holder.lostCyc());
    }

    @Test
    void shouldKeepCalibrationOverOverflowWhenConfigured() {
        TimeTracker t = new TimeTracker(TimeConfig.builder().nomFreq(4).keepTcalOnOvf(true)
                .build());
        t.tsc(0xa0000, true);
        t.cbr(2, true);
        t.ovf();
        t.cyc(3);
        t.eventTime(holder);
        assertEquals(0xa0006, holder.tsc());
    }

    @Test
    void shouldCopyAndReset() {
        TimeTracker a = new TimeTracker(TimeConfig.NONE);
        a.tsc(0x42, false);
        TimeTracker b = new TimeTracker(TimeConfig.NONE);
        b.copyFrom(a);
        assertTrue(b.eventTime(holder));
        assertEquals(0x42, holder.tsc());
        b.reset();
        assertFalse(b.eventTime(holder));
        assertTrue(a.eventTime(holder));
    }

    /** The timing packets of libipt's mtc-ovf_*-cyc tests, up to the overflow. */
    private long mtcCycThenOverflow(TimeTracker t) {
        t.psb();
        t.tsc(0x1000, true);
        t.tma(0x10, 0x40);
        // 0x20 - 0x10 = 16 CTC ticks * 4 from base 0x1000 - 0x40.
        t.mtc(2);
        t.cyc(0x100);
        t.mtc(3);
        // Calibrated: 64 ticks over 0x100 cycles, fcr 64 (0.25).
        t.cyc(0x80);
        t.eventTime(holder);
        long tick = holder.tsc();
        t.cyc(0x80);
        t.mtc(4);
        t.ovf();
        return tick;
    }

    @Test
    void shouldGiveTheEventTimesOfAnOverflowThatResetsCalibration() {
        TimeTracker t = new TimeTracker(TimeConfig.builder().mtcFreq(4).cpuid15Eax(1)
                .cpuid15Ebx(4).build());
        assertEquals(0x1060, mtcCycThenOverflow(t));
        t.eventTime(holder);
        assertEquals(0x1080, holder.tsc());
        t.cyc(0x80);
        t.cyc(0x80);
        t.eventTime(holder);
        assertEquals(0x1080, holder.tsc());
        assertEquals(2, holder.lostCyc());
    }

    @Test
    void shouldGiveTheEventTimesOfAnOverflowThatKeepsCalibration() {
        TimeTracker t = new TimeTracker(TimeConfig.builder().mtcFreq(4).cpuid15Eax(1)
                .cpuid15Ebx(4).keepTcalOnOvf(true).build());
        assertEquals(0x1060, mtcCycThenOverflow(t));
        t.cyc(0x80);
        t.cyc(0x80);
        t.eventTime(holder);
        assertEquals(0x10c0, holder.tsc());
    }
}
