package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hindsight.pt.PtError;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeColumnTest {

    private final List<String> diags = new ArrayList<>();

    private TimeColumn column(TimeConfig.Builder config, TimeColumn.Options.Builder options) {
        return new TimeColumn(config.build(), options.build(), diags::add);
    }

    private static TimeColumn.Options.Builder time() {
        return TimeColumn.Options.builder().showTime(true);
    }

    private static TimeColumn.Options.Builder tcal() {
        return TimeColumn.Options.builder().showTcal(true);
    }

    private static TimeColumn.Cell cell(String id, String payload) {
        return new TimeColumn.Cell(id, payload);
    }

    @Test
    void shouldPrintTheEstimateAsSixteenHexDigits() {
        TimeColumn c = column(TimeConfig.builder(), time());
        assertEquals(cell("tsc", "00000000000a0000"), c.tsc(0x12, 0xa0000));
        assertEquals(List.of(), diags);
    }

    @Test
    void shouldPrintSignedChangesWithTimeDelta() {
        TimeColumn c = column(TimeConfig.builder(), time().timeDelta(true));
        assertEquals(cell("tsc", "+a0000"), c.tsc(0x12, 0xa0000));
        assertEquals(cell("tsc", "-1"), c.tsc(0x1a, 0x9ffff));
        assertEquals(cell("tsc", "+0"), c.tsc(0x22, 0x9ffff));
    }

    @Test
    void shouldKeepSixteenCharactersOfTheColumn() {
        TimeColumn c = column(TimeConfig.builder(), time().timeDelta(true));
        assertEquals(cell("tsc", "+800000000000000"), c.tsc(0, 0x8000000000000000L));
    }

    @Test
    void shouldReportMissingTimeUnlessNoWallClock() {
        TimeConfig.Builder config = TimeConfig.builder().mtcFreq(8).cpuid15Eax(1).cpuid15Ebx(4);
        TimeColumn c = column(config, time());
        assertEquals(cell("tsc", "<unavailable>"), c.mtc(0x12, 1));
        assertEquals(List.of("[12: error printing time: no timing information]"), diags);

        diags.clear();
        TimeColumn relative = column(config, time().timeDelta(true).noWallClock(true));
        relative.mtc(0x12, 0xc1);
        assertEquals(cell("tsc", "+400"), relative.mtc(0x14, 0xc2));
        assertEquals(List.of(), diags);
    }

    @Test
    void shouldShowNoTscAfterCbrAndNoFcrAfterTmaOrCyc() {
        TimeConfig.Builder config = TimeConfig.builder().nomFreq(4).cpuid15Eax(1).cpuid15Ebx(1);
        TimeColumn timed = column(config, time());
        assertNull(timed.cbr(0x10, 2));
        TimeColumn calibrated = column(config, tcal());
        assertEquals(cell("fcr", "2.000"), calibrated.cbr(0x10, 2));
        calibrated.tsc(0x14, 0x100);
        assertNull(calibrated.tma(0x1c, 1, 1));
        assertNull(calibrated.cyc(0x23, 1));
    }

    @Test
    void shouldReportCycWithoutCalibration() {
        TimeColumn c = column(TimeConfig.builder(), time().noWallClock(true));
        assertEquals(cell("tsc", "0000000000000000"), c.cyc(0x2c, 0x100));
        assertEquals(List.of("[2c: calibration error: no timing information]",
                "[2c: error updating time: no calibration]"), diags);

        diags.clear();
        TimeColumn noTcal = column(TimeConfig.builder().nomFreq(4), time().noTcal(true)
                .noWallClock(true));
        noTcal.cbr(0x10, 2);
        noTcal.cyc(0x14, 3);
        assertEquals(List.of("[14: error updating time: no calibration]"), diags);
    }

    @Test
    void shouldUseTheCalibrationForCyc() {
        TimeColumn c = column(TimeConfig.builder().nomFreq(4), time().timeDelta(true)
                .noWallClock(true));
        c.psb(0);
        c.cbr(0x10, 2);
        c.psbend();
        assertEquals(cell("tsc", "+6"), c.cyc(0x16, 3));
        assertEquals(List.of(), diags);
    }

    @Test
    void shouldIgnoreCycWithNoCyc() {
        TimeColumn c = column(TimeConfig.builder().nomFreq(4), time().noCyc(true)
                .noWallClock(true));
        c.cbr(0x10, 2);
        assertNull(c.cyc(0x14, 3));
        assertEquals(0, c.estimator().tsc());
        assertEquals(List.of(), diags);
    }

    @Test
    void shouldTrackNothingWithoutTimeOptions() {
        TimeColumn c = column(TimeConfig.builder(), TimeColumn.Options.builder().timeDelta(true));
        assertNull(c.tsc(0, 5));
        assertNull(c.cyc(8, 5));
        assertEquals(0, c.estimator().tsc());
    }

    @Test
    void shouldTrackWithoutShowingForSideband() {
        TimeColumn c = column(TimeConfig.builder(), TimeColumn.Options.builder().trackTime(true));
        assertNull(c.tsc(0, 5));
        assertEquals(5, c.estimator().tsc());
    }

    @Test
    void shouldPrintTheRatioRoundedHalfToEvenLikeC() {
        TimeColumn c = column(TimeConfig.builder().mtcFreq(4).cpuid15Eax(1).cpuid15Ebx(1), tcal());
        c.calibration().setFcr(16); // 0.0625
        assertEquals(cell("fcr", "0.062"), c.mtc(0x10, 1));
        c.calibration().setFcr(48); // 0.1875
        assertEquals(cell("fcr", "0.188"), c.tsc(0x12, 1));
    }

    @Test
    void shouldPrintRatioChangesWithSign() {
        TimeColumn c = column(TimeConfig.builder().nomFreq(4), tcal().timeDelta(true));
        assertEquals(cell("fcr", "+2.000"), c.cbr(0x10, 2));
        assertEquals(cell("fcr", "-1.000"), c.cbr(0x14, 4));
        assertEquals(cell("fcr", "+0.000"), c.cbr(0x18, 4));
    }

    @Test
    void shouldReportAMissingRatio() {
        TimeColumn c = column(TimeConfig.builder(), tcal());
        assertEquals(cell("fcr", "<unavailable>"), c.tsc(0x12, 1));
        assertEquals(List.of("[12: error printing time: no timing information]"), diags);
    }

    @Test
    void shouldCalibrateFromTscOnlyInsidePsb() {
        TimeColumn c = column(TimeConfig.builder(), time());
        c.tsc(0x10, 0xa0000);
        c.cyc(0x18, 0x100);
        c.tsc(0x1a, 0xa0200);
        assertEquals(false, c.calibration().hasFcr());
        c.cyc(0x22, 0x100);
        c.psb(0x24);
        c.tsc(0x34, 0xa0400);
        assertEquals(512, c.calibration().fcr());
    }

    @Test
    void shouldResetCalibrationOnOverflowUnlessKept() {
        TimeColumn reset = column(TimeConfig.builder().nomFreq(4), time());
        reset.cbr(0x10, 2);
        reset.ovf(0x14);
        assertEquals(false, reset.calibration().hasFcr());

        TimeColumn kept = column(TimeConfig.builder().nomFreq(4).keepTcalOnOvf(true), time());
        kept.cbr(0x10, 2);
        kept.ovf(0x14);
        assertEquals(512, kept.calibration().fcr());
    }

    @Test
    void shouldForgetEverythingOnReset() {
        TimeColumn c = column(TimeConfig.builder(), time().timeDelta(true));
        c.tsc(0, 0x100);
        c.reset();
        assertEquals(false, c.estimator().hasTsc());
        assertEquals(cell("tsc", "+50"), c.tsc(8, 0x50));
    }

    @Test
    void shouldFormatDiagnosticsLikePtdump() {
        assertEquals("[2c: error updating time: no calibration]",
                TimeColumn.diagLine("error updating time: no calibration", 0x2c, 0));
        assertEquals("[1a: calibration error: no timing information]",
                TimeColumn.diagLine("calibration error", 0x1a, -PtError.NO_TIME.code()));
    }

    @Test
    void shouldConvertUnsignedLongsToDoubleLikeC() {
        assertEquals(18446744073709551615.0, TimeColumn.unsignedToDouble(-1L));
        assertEquals(9223372036854775808.0, TimeColumn.unsignedToDouble(Long.MIN_VALUE));
        assertEquals(3.0, TimeColumn.unsignedToDouble(3));
    }
}
