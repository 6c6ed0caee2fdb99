package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class SidebandDiagnosticsTest {

    @Test
    void shouldPrintPtxedWarningsAndErrors() {
        StringBuilder out = new StringBuilder();
        SidebandDiagnostics d = SidebandDiagnostics.ptxed(out, true);

        d.report(SidebandWarning.TRACE_LOST.code(), "a.sb", 0x28);
        d.report(-PtError.BAD_CONFIG.code(), "a.sb", 0x80);

        assertEquals("[a.sb:0000000000000028 sideband warning: trace lost]\n"
                + "[a.sb:0000000000000080 sideband error: bad configuration]\n", out.toString());
    }

    @Test
    void shouldPrintEverythingAsErrorInPtdump() {
        StringBuilder out = new StringBuilder();
        SidebandDiagnostics.ptdump(out, true).report(SidebandWarning.LOST.code(), "b", 0);

        assertEquals("[b:0000000000000000 sideband error: sideband lost]\n", out.toString());
    }

    @Test
    void shouldHideWarningsButNotErrorsWithoutSbWarn() {
        StringBuilder out = new StringBuilder();
        SidebandDiagnostics d = SidebandDiagnostics.ptxed(out, false);

        d.report(SidebandWarning.SECTION_LOST.code(), "a.sb", 0);
        d.report(-PtError.BAD_FILE.code(), "a.sb", 8);

        assertEquals("[a.sb:0000000000000008 sideband error: bad file]\n", out.toString());
    }

    @Test
    void shouldNameEveryWarning() {
        assertEquals("sideband lost", SidebandWarning.messageOf(1));
        assertEquals("trace lost", SidebandWarning.messageOf(2));
        assertEquals("image section lost", SidebandWarning.messageOf(3));
        assertEquals("bad errcode", SidebandWarning.messageOf(4));
        assertEquals("decoder out of sync", SidebandWarning.messageOf(-3));
    }
}
