package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;

import org.junit.jupiter.api.Test;

class TimeEstimatorTest {

    private static TimeEstimator estimator(int mtcFreq, int eax, int ebx) {
        return new TimeEstimator(TimeConfig.builder().mtcFreq(mtcFreq).cpuid15Eax(eax)
                .cpuid15Ebx(ebx).build());
    }

    private static long tsc(TimeEstimator time) {
        TimeHolder h = new TimeHolder();
        assertEquals(0, time.query(h));
        return h.tsc();
    }

    @Test
    void shouldHaveNoTimeInitially() {
        TimeEstimator time = estimator(0, 1, 1);
        TimeHolder h = new TimeHolder();
        assertEquals(-PtError.NO_TIME.code(), time.query(h));
        assertEquals(0, h.tsc());
        assertEquals(-PtError.NO_CBR.code(), time.queryCbr());
        assertFalse(time.hasTsc());
    }

    @Test
    void shouldTakeTscAsTheFullTimeAndForgetLosses() {
        TimeEstimator time = estimator(0, 1, 1);
        time.updateCyc(5, 0);
        assertEquals(1, time.lostCyc());
        assertEquals(0, time.updateTsc(0xa0000));
        TimeHolder h = new TimeHolder();
        assertEquals(0, time.query(h));
        assertEquals(0xa0000, h.tsc());
        assertEquals(0, h.lostCyc());
        assertEquals(0, h.lostMtc());
    }

    @Test
    void shouldRecordCbrAndRejectZero() {
        TimeEstimator time = estimator(0, 1, 1);
        assertEquals(-PtError.BAD_PACKET.code(), time.updateCbr(0));
        assertEquals(-PtError.NO_CBR.code(), time.queryCbr());
        assertEquals(0, time.updateCbr(2));
        assertEquals(2, time.queryCbr());
    }

    @Test
    void shouldRejectTmaWithoutTscOrTwice() {
        TimeEstimator time = estimator(4, 2, 1);
        assertEquals(-PtError.BAD_CONTEXT.code(), time.updateTma(0x12, 6));
        time.updateTsc(0xa0000);
        assertEquals(0, time.updateTma(0x12, 6));
        assertEquals(-PtError.BAD_CONTEXT.code(), time.updateTma(0x12, 6));
    }

    @Test
    void shouldAdvanceFromTmaByCtcDeltaTimesEbxOverEax() {
        // mtcFreq 4: TMA holds all 12 MTC bits and counts as an MTC. CTC 0xf012 -> 0x012.
        TimeEstimator time = estimator(4, 2, 1);
        time.updateTsc(0xa0000);
        time.updateTma(0xf012, 6);
        assertEquals(0xa0000, tsc(time), "TMA moves the base, not the estimate");
        assertTrue(time.hasMtc());
        // CTC 0x20 - 0x12 = 14 ticks * 1 / 2 = 7; base 0xa0000 - 6 + 7.
        assertEquals(0, time.updateMtc(2));
        assertEquals(0xa0001, tsc(time));
        // 0x30 - 0x20 = 16 -> 8.
        assertEquals(0, time.updateMtc(3));
        assertEquals(0xa0009, tsc(time));
    }

    @Test
    void shouldTakeMissingHighCtcBitsFromTheFirstMtcAfterTma() {
        // mtcFreq 12: MTC provides CTC[19:12], TMA only CTC[15:0].
        TimeEstimator time = estimator(12, 2, 1);
        time.updateTsc(0xa0018);
        time.updateTma(0xe020, 8);
        assertFalse(time.hasMtc());
        // Last CTC becomes 0xae020; 0xaf000 - 0xae020 = 0xfe0 -> 0x7f0; 0xa0010 + 0x7f0.
        assertEquals(0, time.updateMtc(0xaf));
        assertEquals(0xa0800, tsc(time));
        assertEquals(0, time.updateMtc(0xb0));
        assertEquals(0xa1000, tsc(time));
    }

    @Test
    void shouldGoBackOneTmaPeriodWhenTheMtcLowBitsAreBelowTheTmaCtc() {
        TimeEstimator time = estimator(12, 2, 1);
        time.updateTsc(0xa0018);
        time.updateTma(0xf020, 8);
        // Low bits 0x0000 < 0xf020: high bits 0xa0000 - 0x10000 = 0x90000; last CTC 0x9f020.
        assertEquals(0, time.updateMtc(0xa0));
        assertEquals(0xa0800, tsc(time));
    }

    @Test
    void shouldCorrectOneWrapOfTheMtcCounter() {
        // mtcFreq 0: CTC wraps at 256. TMA CTC 0x1fff -> 0xff.
        TimeEstimator time = estimator(0, 3, 9);
        time.updateTsc(0xa0000);
        time.updateTma(0x1fff, 1);
        // 0x00 + 0x100 - 0xff = 1 tick * 9 / 3 = 3; 0x9ffff + 3.
        assertEquals(0, time.updateMtc(0));
        assertEquals(0xa0002, tsc(time));
        assertEquals(0, time.updateMtc(1));
        assertEquals(0xa0005, tsc(time));
    }

    @Test
    void shouldIgnoreMtcBetweenTscAndTma() {
        TimeEstimator time = estimator(4, 2, 1);
        time.updateTsc(0xa0000);
        assertEquals(0, time.updateMtc(7));
        assertEquals(0xa0000, tsc(time));
        assertFalse(time.hasMtc());
        assertEquals(0, time.updateTma(0x12, 6));
    }

    @Test
    void shouldStartCountingAtTheFirstMtcWithoutTsc() {
        TimeEstimator time = estimator(8, 1, 4);
        assertEquals(0, time.updateMtc(0xc1));
        assertEquals(0, time.tsc());
        // 0xc200 - 0xc100 = 0x100 ticks * 4.
        assertEquals(0, time.updateMtc(0xc2));
        assertEquals(0x400, time.tsc());
        assertEquals(0, time.updateMtc(0xc4));
        assertEquals(0xc00, time.tsc());
        assertFalse(time.hasTsc());
    }

    @Test
    void shouldCountMtcAsLostWhenTheCtcGoesBackMoreThanOneWrap() {
        // mtcFreq 24: the wrap 1 << 32 is 1 << 0 in 32-bit arithmetic, as in libipt on x86.
        TimeEstimator time = estimator(24, 1, 1);
        time.updateMtc(5);
        assertEquals(-PtError.BAD_PACKET.code(), time.updateMtc(3));
        assertEquals(1, time.lostMtc());
    }

    @Test
    void shouldReportBadConfigWithoutCpuid15() {
        TimeEstimator time = estimator(0, 0, 0);
        time.updateMtc(1);
        assertEquals(-PtError.BAD_CONFIG.code(), time.updateMtc(2));
        assertEquals(0, time.lostMtc());
    }

    @Test
    void shouldAddCalibratedCyclesToTheFastCounter() {
        TimeEstimator time = estimator(0, 1, 1);
        // fcr 512 = 2.0: 3 cycles -> 6 ticks, 1 cycle -> 2 ticks.
        assertEquals(0, time.updateCyc(3, 512));
        assertEquals(6, time.tsc());
        assertEquals(0, time.updateCyc(1, 512));
        assertEquals(8, time.tsc());
    }

    @Test
    void shouldTruncateFractionalTicksPerCyc() {
        TimeEstimator time = estimator(0, 1, 1);
        // fcr 64 = 0.25: 3 cycles -> 0.75 -> 0 ticks.
        time.updateCyc(3, 64);
        assertEquals(0, time.tsc());
    }

    @Test
    void shouldCountCycWithoutRatioAsLostUntilTheNextMtc() {
        TimeEstimator time = estimator(0, 1, 1);
        assertEquals(0, time.updateCyc(5, 0));
        assertEquals(1, time.lostCyc());
        assertEquals(0, time.tsc());
        time.updateMtc(1);
        assertEquals(0, time.lostCyc());
    }

    /** TSC, TMA (fc 1), MTC 2, MTC 3 with no CYC in between: CTC moved one period. */
    private static TimeEstimator twoMtcPeriodsWithoutCyc() {
        TimeEstimator time = estimator(0, 1, 4);
        time.updateTsc(0xa0000);
        time.updateTma(0xf01, 1);
        time.updateMtc(2);
        assertEquals(0xa0003, time.tsc());
        time.updateMtc(3);
        assertEquals(0xa0007, time.tsc());
        return time;
    }

    @Test
    void shouldSubtractTheCyclesOfEarlierMtcPeriods() {
        TimeEstimator time = twoMtcPeriodsWithoutCyc();
        // The earlier period: 1 CTC tick = 4 TSC ticks = (4 << 8) / 256 = 4 cycles at fcr 1.0.
        assertEquals(0, time.updateCyc(10, 256));
        assertEquals(0xa0007 + 6, time.tsc());
    }

    @Test
    void shouldNotGoBelowZeroWhenSubtractingEarlierPeriods() {
        TimeEstimator time = twoMtcPeriodsWithoutCyc();
        assertEquals(0, time.updateCyc(3, 256));
        assertEquals(0xa0007, time.tsc());
    }

    @Test
    void shouldCopyAndReset() {
        TimeEstimator time = estimator(0, 1, 1);
        time.updateTsc(0x1234);
        time.updateCbr(7);
        TimeEstimator copy = estimator(0, 1, 1);
        copy.copyFrom(time);
        assertEquals(0x1234, tsc(copy));
        assertEquals(7, copy.queryCbr());
        time.reset();
        assertFalse(time.hasTsc());
        assertEquals(-PtError.NO_CBR.code(), time.queryCbr());
        assertThrows(IllegalArgumentException.class, () -> copy.copyFrom(estimator(1, 1, 1)));
    }
}
