package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;

import org.junit.jupiter.api.Test;

class TimeCalibrationTest {

    private static TimeCalibration tcal(TimeConfig.Builder config) {
        return new TimeCalibration(config.build());
    }

    private static TimeConfig.Builder mtc(int mtcFreq) {
        return TimeConfig.builder().mtcFreq(mtcFreq).cpuid15Eax(1).cpuid15Ebx(4);
    }

    @Test
    void shouldHaveNoRatioInitially() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        assertFalse(tcal.hasFcr());
        assertEquals(-PtError.NO_TIME.code(), tcal.queryFcr());
        assertEquals(0, tcal.fcrOrZero());
    }

    @Test
    void shouldCalibrateFromCbrWithTheNominalFrequency() {
        TimeCalibration tcal = tcal(TimeConfig.builder().nomFreq(4));
        assertEquals(0, tcal.headerCbr(2));
        assertEquals(0, tcal.queryFcr());
        assertEquals(512, tcal.fcr()); // (4 << 8) / 2
        assertEquals(0, tcal.headerCbr(3));
        assertEquals(341, tcal.fcr()); // 1024 / 3, truncated
    }

    @Test
    void shouldIgnoreCbrWithoutTheNominalFrequency() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        assertEquals(0, tcal.headerCbr(2));
        assertFalse(tcal.hasFcr());
    }

    @Test
    void shouldRejectAZeroCbr() {
        TimeCalibration tcal = tcal(TimeConfig.builder().nomFreq(4));
        assertEquals(-PtError.BAD_PACKET.code(), tcal.headerCbr(0));
    }

    @Test
    void shouldRestartOnACbrOutsidePsb() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        tcal.setFcr(100);
        assertEquals(0, tcal.updateCbr(2));
        assertFalse(tcal.hasFcr(), "no nominal frequency, so only the reset remains");
    }

    @Test
    void shouldCalibrateFromTheCyclesBetweenTwoMtcs() {
        TimeCalibration tcal = tcal(mtc(4));
        assertEquals(0, tcal.updateMtc(2));
        assertFalse(tcal.hasFcr());
        tcal.updateCyc(0x100);
        // (3 - 2) << 4 = 16 CTC ticks * 4 = 64 TSC ticks over 256 cycles: (64 << 8) / 256.
        assertEquals(0, tcal.updateMtc(3));
        assertEquals(64, tcal.fcr());
        assertEquals(0, tcal.lostMtc());
    }

    @Test
    void shouldSpreadCyclesOverMtcPeriodsWithoutCycles() {
        TimeCalibration tcal = tcal(mtc(4));
        tcal.updateMtc(2);
        tcal.updateMtc(3);
        assertFalse(tcal.hasFcr());
        tcal.updateCyc(0x100);
        // Two periods: 32 ticks * 4 = 128 over 256 cycles.
        tcal.updateMtc(4);
        assertEquals(128, tcal.fcr());
    }

    @Test
    void shouldCountAnMtcThatCannotCalibrateAsLost() {
        TimeCalibration tcal = tcal(TimeConfig.builder().mtcFreq(4));
        tcal.updateMtc(2);
        tcal.updateCyc(10);
        assertEquals(-PtError.BAD_CONFIG.code(), tcal.updateMtc(3));
        assertEquals(1, tcal.lostMtc());
    }

    @Test
    void shouldCalibrateFromTscsInPsbWithoutMtc() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        tcal.updateTsc(0xa0000);
        tcal.updateCyc(0x100);
        // A TSC outside PSB+ only restarts the count.
        tcal.updateTsc(0xa0200);
        assertFalse(tcal.hasFcr());
        tcal.updateCyc(0x100);
        assertEquals(0, tcal.headerTsc(0xa0400));
        assertEquals(512, tcal.fcr()); // (0x200 << 8) / 0x100
    }

    @Test
    void shouldPreferMtcOverTsc() {
        TimeCalibration tcal = tcal(mtc(4));
        tcal.updateMtc(1);
        tcal.headerTsc(0xa0000);
        tcal.updateCyc(0x100);
        assertEquals(0, tcal.headerTsc(0xa0200));
        assertFalse(tcal.hasFcr());
    }

    @Test
    void shouldCorrectOneWrapOfTheTsc() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        tcal.headerTsc((1L << 56) - 0x10);
        tcal.updateCyc(0x20);
        assertEquals(0, tcal.headerTsc(0x10));
        assertEquals(256, tcal.fcr()); // 0x20 ticks over 0x20 cycles
    }

    @Test
    void shouldRejectTscsTooFarApart() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        tcal.headerTsc(1L << 60);
        tcal.updateCyc(1);
        assertEquals(-PtError.BAD_PACKET.code(), tcal.headerTsc(5));
        tcal.headerTsc(1);
        tcal.updateCyc(1);
        assertEquals(-PtError.INTERNAL.code(), tcal.headerTsc(1L << 60));
    }

    /** The packets of libipt's skl168-cyc test up to the second PSB. */
    private static TimeCalibration skl168Cyc(boolean erratum) {
        TimeCalibration tcal = tcal(mtc(9).skl168(erratum));
        tcal.updatePsb();
        tcal.updateMtc(1);
        tcal.updateCyc(0xc00);
        tcal.updateCyc(0x700);
        tcal.updateCyc(0xd00);
        // 512 CTC ticks * 4 = 2048 over 0x2000 cycles.
        tcal.updateMtc(2);
        assertEquals(64, tcal.fcr());
        tcal.updateCyc(0x800);
        tcal.updateCyc(0x800);
        tcal.updatePsb();
        tcal.updateMtc(3);
        return tcal;
    }

    @Test
    void shouldSkipTheFirstMtcAfterPsbThatLooksLikeALostWrapCycUnderSkl168() {
        // Expected (64 * (0x1000 + 0xf00)) >> 8 = 1984 ticks < 2048: a wrap CYC was dropped.
        TimeCalibration tcal = skl168Cyc(true);
        assertEquals(64, tcal.fcr());
        assertEquals(1, tcal.lostMtc());
    }

    @Test
    void shouldCalibrateTheSameMtcWithoutSkl168() {
        assertEquals(128, skl168Cyc(false).fcr()); // 2048 over 0x1000 cycles
    }

    @Test
    void shouldSkipTheFirstMtcAfterPsbWhenMtcsWereLostUnderSkl168() {
        TimeCalibration tcal = tcal(mtc(4).skl168(true));
        tcal.updatePsb();
        tcal.updateMtc(1);
        tcal.updateCyc(0x100);
        tcal.updateMtc(2);
        assertEquals(64, tcal.fcr());
        tcal.updatePsb();
        tcal.updateCyc(0x100);
        // MTC 3 was lost: 32 CTC ticks > 1 << 4.
        tcal.updateMtc(4);
        assertEquals(64, tcal.fcr());
        // Only the first MTC after PSB is checked: 16 ticks * 4 = 64 over 0x80 cycles.
        tcal.updateCyc(0x80);
        tcal.updateMtc(5);
        assertEquals(128, tcal.fcr());
    }

    @Test
    void shouldKeepTheRatioOnOverflowWhenConfigured() {
        TimeCalibration tcal = tcal(mtc(4).keepTcalOnOvf(true));
        tcal.setFcr(64);
        tcal.updateMtc(2);
        tcal.updateCyc(0x100);
        assertEquals(0, tcal.updateOvf());
        assertEquals(64, tcal.fcr());
        // The MTC count restarts: the next MTC is a first one again.
        tcal.updateMtc(3);
        assertEquals(64, tcal.fcr());
    }

    @Test
    void shouldResetOnOverflowByDefault() {
        TimeCalibration tcal = tcal(mtc(4));
        tcal.setFcr(64);
        assertEquals(0, tcal.updateOvf());
        assertFalse(tcal.hasFcr());
    }

    @Test
    void shouldHaveARatioOnceSetEvenIfZero() {
        TimeCalibration tcal = tcal(TimeConfig.builder());
        tcal.setFcr(0);
        assertTrue(tcal.hasFcr());
        assertEquals(0, tcal.fcrOrZero());
    }

    @Test
    void shouldCopyAnotherCalibration() {
        TimeCalibration a = tcal(mtc(4));
        a.setFcr(99);
        TimeCalibration b = tcal(mtc(4));
        b.copyFrom(a);
        assertEquals(99, b.fcr());
        assertTrue(b.hasFcr());
    }
}
