package dev.hindsight.pt.query;

import dev.hindsight.pt.x86.ExecMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.CfeType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecoderTest {
    private static final int EOS = -PtError.EOS.code();

    /** Events up to the first error, and that error. */
    private record Result(List<PtEvent> events, int error, long errorOffset) {
        PtEvent get(int i) {
            return events.get(i);
        }

        List<EventType> types() {
            List<EventType> t = new ArrayList<>();
            for (PtEvent e : events) {
                t.add(e.type());
            }
            return t;
        }
    }

    private static Result decode(PtBytes pt, QueryConfig config) {
        EventDecoder dec = new EventDecoder(pt.bytes(), config);
        int rc = dec.syncForward();
        List<PtEvent> events = new ArrayList<>();
        while (rc >= 0) {
            PtEvent ev = new PtEvent();
            rc = dec.next(ev);
            if (rc >= 0) {
                events.add(ev);
            }
        }
        return new Result(events, rc, dec.offset());
    }

    private static Result decode(PtBytes pt) {
        return decode(pt, QueryConfig.DEFAULT);
    }

    // ------------------------------------------------------------ sync

    @Test
    void shouldReportNosyncBeforeSync() {
        EventDecoder dec = new EventDecoder(new PtBytes().psbEnabled(0x1000).bytes(), QueryConfig.DEFAULT);
        assertEquals(-PtError.NOSYNC.code(), dec.next(new PtEvent()));
        assertEquals(-PtError.NOSYNC.code(), dec.offset());
        assertEquals(-PtError.NOSYNC.code(), dec.syncOffset());
    }

    @Test
    void shouldSyncForwardOverLeadingGarbage() {
        PtBytes pt = new PtBytes().raw(0x99, 0x01, 0x00, 0x00, 0x00);
        int psb = pt.offset();
        pt.psbEnabled(0x1000);
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(0, dec.syncForward());
        assertEquals(psb, dec.syncOffset());
        PtEvent ev = new PtEvent();
        assertEquals(0, dec.next(ev));
        assertEquals(EventType.ENABLED, ev.type());
        assertEquals(0x1000, ev.ip());
    }

    @Test
    void shouldReportEosWithoutPsb() {
        EventDecoder dec = new EventDecoder(new PtBytes().pad().pad().fup(0x1000).bytes(), QueryConfig.DEFAULT);
        assertEquals(EOS, dec.syncForward());
    }

    @Test
    void shouldSyncForwardToTheNextPsb() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000);
        int second = pt.offset();
        pt.psbEnabled(0x2000);
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(0, dec.syncForward());
        assertEquals(0, dec.syncOffset());
        assertEquals(0, dec.syncForward());
        assertEquals(second, dec.syncOffset());
        assertEquals(EOS, dec.syncForward());
    }

    @Test
    void shouldSyncBackwardToTheLastPsb() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000);
        int second = pt.offset();
        pt.psbEnabled(0x2000).tnt8(1, 1);
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(0, dec.syncBackward());
        assertEquals(second, dec.syncOffset());
        PtEvent ev = new PtEvent();
        assertEquals(0, dec.next(ev));
        assertEquals(0x2000, ev.ip());
        assertEquals(0, dec.syncBackward());
        assertEquals(0, dec.syncOffset());
        assertEquals(EOS, dec.syncBackward());
    }

    @Test
    void shouldSyncSetOnlyAtAPsb() {
        PtBytes pt = new PtBytes().pad();
        int psb = pt.offset();
        pt.psbEnabled(0x1000);
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(0, dec.syncSet(psb));
        assertEquals(psb, dec.syncOffset());
        assertEquals(-PtError.NOSYNC.code(), dec.syncSet(psb + 16), "a MODE.Exec, not a PSB");
        assertEquals(-PtError.BAD_PACKET.code(), dec.syncSet(psb + 2), "a PSB cut short");
        assertEquals(EOS, dec.syncSet(1000));
    }

    @Test
    void shouldReportEosAfterTheLastEvent() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000);
        int end = pt.offset();
        Result r = decode(pt);
        assertEquals(EOS, r.error());
        assertEquals(end, r.errorOffset());
    }

    // ------------------------------------------------------------ PSB+

    @Test
    void shouldReportPsbStatusAsEnabledWithIpAndMode() {
        Result r = decode(new PtBytes().psb().modeExec64().fup(0x401000).psbend());
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE), r.types());
        assertTrue(r.get(0).statusUpdate());
        assertEquals(0x401000, r.get(0).ip());
        assertFalse(r.get(0).ipSuppressed());
        assertTrue(r.get(1).statusUpdate());
        assertEquals(ExecMode.BITS_64, r.get(1).execMode());
        assertEquals(0x401000, r.get(1).ip());
    }

    @Test
    void shouldReportPsbWithoutFupAsDisabled() {
        Result r = decode(new PtBytes().psb().modeExec(false, true, false).psbend());
        assertEquals(List.of(EventType.DISABLED, EventType.EXEC_MODE), r.types());
        assertTrue(r.get(0).ipSuppressed());
        assertTrue(r.get(1).ipSuppressed());
        assertEquals(ExecMode.BITS_32, r.get(1).execMode());
    }

    @Test
    void shouldReportPsbPagingVmcsTsxCbrAndMntInOrder() {
        Result r = decode(new PtBytes().psb().pip(0xcdcdc0, true).vmcs(0xcdcdc000L).modeTsx(true, false)
                .cbr(0x2a).mnt(0x1122334455667788L).fup(0x1000).psbend());
        assertEquals(List.of(EventType.ENABLED, EventType.ASYNC_PAGING, EventType.ASYNC_VMCS,
                EventType.TSX, EventType.CBR, EventType.MNT), r.types());
        assertEquals(0xcdcdc0, r.get(1).cr3());
        assertTrue(r.get(1).nonRoot());
        assertEquals(0x1000, r.get(1).ip());
        assertEquals(0xcdcdc000L, r.get(2).base());
        assertTrue(r.get(3).speculative());
        assertEquals(0x2a, r.get(4).ratio());
        assertTrue(r.get(4).statusUpdate());
        assertEquals(0x1122334455667788L, r.get(5).payload());
        assertFalse(r.get(5).statusUpdate(), "libipt does not mark MNT as status update");
    }

    @Test
    void shouldStampPsbEventsWithTheTscOfTheHeader() {
        Result r = decode(new PtBytes().psb().tsc(0xa0000).fup(0x1000).psbend());
        assertTrue(r.get(0).hasTsc());
        assertEquals(0xa0000, r.get(0).tsc());
    }

    @Test
    void shouldRejectFlowPacketsInPsbHeader() {
        PtBytes pt = new PtBytes().psb();
        int tnt = pt.offset();
        pt.tnt8(1, 1).psbend();
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(-PtError.BAD_CONTEXT.code(), dec.syncForward());
        assertEquals(tnt, dec.offset());
    }

    @Test
    void shouldRejectAChangedModeInALaterPsbHeader() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000).tnt8(1, 1);
        int second = pt.offset();
        pt.psb().modeExec(false, true, false).fup(0x1004).psbend();
        Result r = decode(pt);
        assertEquals(-PtError.BAD_STATUS_UPDATE.code(), r.error());
        assertEquals(second + 16, r.errorOffset());
    }

    // ------------------------------------------------------------ branches

    @Test
    void shouldReportTntBitsOldestHighest() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).tnt8(0b101100, 6).tnt64(0x5a5a5a5a5aL, 40));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.TNT, EventType.TNT), r.types());
        assertEquals(0b101100, r.get(2).bits());
        assertEquals(6, r.get(2).size());
        assertEquals(0x5a5a5a5a5aL, r.get(3).bits());
        assertEquals(40, r.get(3).size());
    }

    @Test
    void shouldRejectTntWhileDisabled() {
        PtBytes pt = new PtBytes().psbDisabled();
        int tnt = pt.offset();
        pt.tnt8(1, 1);
        Result r = decode(pt);
        assertEquals(List.of(EventType.DISABLED), r.types());
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error());
        assertEquals(tnt, r.errorOffset());
    }

    @Test
    void shouldReportTipWithCompressedIp() {
        Result r = decode(new PtBytes().psbEnabled(0x401000).tip(1, 0x2345).tip(0, 0));
        assertEquals(EventType.TIP, r.get(2).type());
        assertEquals(0x402345, r.get(2).ip());
        assertEquals(EventType.TIP, r.get(3).type());
        assertTrue(r.get(3).ipSuppressed());
    }

    @Test
    void shouldReportFupTipAsAsyncBranchBeforeItsPagingAndVmcs() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).fup(0x1001).pip(0xcdcdc0, false)
                .vmcs(0xcdcdc000L).tip(0x1002));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.ASYNC_BRANCH,
                EventType.ASYNC_VMCS, EventType.ASYNC_PAGING), r.types());
        assertEquals(0x1001, r.get(2).from());
        assertEquals(0x1002, r.get(2).to());
        assertEquals(0x1002, r.get(3).ip());
        assertEquals(0xcdcdc000L, r.get(3).base());
        assertEquals(0x1002, r.get(4).ip());
        assertEquals(0xcdcdc0, r.get(4).cr3());
    }

    @Test
    void shouldReportStandalonePipAsPaging() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).pip(0x12340, false).vmcs(0xabc000));
        assertEquals(EventType.PAGING, r.get(2).type());
        assertEquals(0x12340, r.get(2).cr3());
        assertEquals(EventType.VMCS, r.get(3).type());
        assertEquals(0xabc000, r.get(3).base());
    }

    @Test
    void shouldReportTipPgeAsEnabledBeforeItsModeChange() {
        Result r = decode(new PtBytes().psbDisabled().modeExec(false, true, false).tipPge(0x2000));
        assertEquals(List.of(EventType.DISABLED, EventType.ENABLED, EventType.EXEC_MODE), r.types());
        assertEquals(0x2000, r.get(1).ip());
        assertFalse(r.get(1).statusUpdate());
        assertEquals(ExecMode.BITS_32, r.get(2).execMode());
        assertEquals(0x2000, r.get(2).ip());
    }

    @Test
    void shouldNotReportAnUnchangedExecMode() {
        Result r = decode(new PtBytes().psb().modeExec64().psbend().modeExec64().tipPge(0x2000).tnt8(1, 1));
        assertEquals(List.of(EventType.DISABLED, EventType.EXEC_MODE, EventType.ENABLED, EventType.TNT),
                r.types());
    }

    @Test
    void shouldReportIflagsChangesWhenEnabled() {
        QueryConfig cfg = QueryConfig.builder().enableIflagsEvents(true).build();
        Result r = decode(new PtBytes().psb().modeExec(true, false, false).fup(0x1000).psbend()
                .modeExec(true, false, true).tip(0x3000), cfg);
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.IFLAGS, EventType.TIP,
                EventType.IFLAGS), r.types());
        assertFalse(r.get(2).iflag());
        assertTrue(r.get(4).iflag());
        assertEquals(0x3000, r.get(4).ip());
    }

    @Test
    void shouldReportTipPgdAsDisabled() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).tipPgd(0x1010).tnt8(1, 1));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.DISABLED), r.types());
        assertEquals(0x1010, r.get(2).ip());
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error(), "no TNT after disable");
    }

    @Test
    void shouldReportFupTipPgdAsAsyncDisabled() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).fup(0x1003).tipPgdNoIp());
        assertEquals(EventType.ASYNC_DISABLED, r.get(2).type());
        assertEquals(0x1003, r.get(2).at());
        assertTrue(r.get(2).ipSuppressed());
    }

    @Test
    void shouldRejectTipWhileDisabled() {
        Result r = decode(new PtBytes().psbDisabled().tip(0x1000));
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error());
    }

    @Test
    void shouldRejectAnAsyncBranchWithoutSourceIp() {
        Result r = decode(new PtBytes().psbDisabled().tipPge(0x1000).tipPgdNoIp().fup(0, 0).tip(0x2000));
        assertEquals(-PtError.IP_SUPPRESSED.code(), r.error());
    }

    // ------------------------------------------------------------ tsx

    @Test
    void shouldBindTsxToTheNextFup() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).modeTsx(true, false).fup(0x1004).tnt8(1, 1));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.TSX, EventType.TNT), r.types());
        assertTrue(r.get(2).speculative());
        assertEquals(0x1004, r.get(2).ip());
    }

    @Test
    void shouldReportTsxAbortBeforeTheAsyncBranch() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).modeTsx(false, true).fup(0x1004).tip(0x2000));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.TSX, EventType.ASYNC_BRANCH),
                r.types());
        assertTrue(r.get(2).aborted());
        assertEquals(0x1004, r.get(2).ip());
        assertEquals(0x1004, r.get(3).from());
        assertEquals(0x2000, r.get(3).to());
    }

    @Test
    void shouldReportTsxWhileDisabledStandalone() {
        Result r = decode(new PtBytes().psbDisabled().modeTsx(true, false));
        assertEquals(EventType.TSX, r.get(1).type());
        assertTrue(r.get(1).ipSuppressed());
    }

    // ------------------------------------------------------------ overflow

    @Test
    void shouldBindOverflowToTheFupWhereTracingResumes() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().tsc(0x100).fup(0x1001).tnt8(0, 1));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.TNT),
                r.types());
        assertEquals(0x1001, r.get(2).ip());
        assertFalse(r.get(2).ipSuppressed());
    }

    @Test
    void shouldReportOverflowResolvedWhileDisabledStandalone() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().tipPge(0x2000));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.ENABLED),
                r.types());
        assertTrue(r.get(2).ipSuppressed());
        assertEquals(0x2000, r.get(3).ip());
    }

    @Test
    void shouldReportOverflowAtTheEndStandalone() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf());
        assertEquals(EventType.OVERFLOW, r.get(2).type());
        assertTrue(r.get(2).ipSuppressed());
        assertEquals(EOS, r.error());
    }

    @Test
    void shouldEndPsbHeaderAtOverflow() {
        Result r = decode(new PtBytes().psb().modeExec64().fup(0x1000).ovf().fup(0x1008));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW), r.types());
        assertEquals(0x1008, r.get(2).ip());
    }

    @Test
    void shouldDropDisabledStatusWhenPsbHeaderEndsInOverflow() {
        Result r = decode(new PtBytes().psb().ovf().tipPge(0x1000));
        assertEquals(List.of(EventType.OVERFLOW, EventType.ENABLED), r.types());
    }

    @Test
    void shouldRejectTipPgdAfterOverflowWithoutApl11() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().tipPgd(0x1001));
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error());
    }

    // ------------------------------------------------------------ errata

    @Test
    void shouldIgnorePsbFupBeforeTipPgeWithBdm70() {
        PtBytes pt = new PtBytes().psb().modeExec64().fup(0x1000).psbend().tipPge(0x1000);
        Result without = decode(pt);
        assertTrue(without.get(0).type() == EventType.ENABLED);
        Result with = decode(pt, QueryConfig.builder().bdm70(true).build());
        assertEquals(List.of(EventType.DISABLED, EventType.EXEC_MODE, EventType.ENABLED), with.types());
        assertEquals(0x1000, with.get(2).ip());
    }

    @Test
    void shouldResumeAtTipAfterOverflowWithSkd010() {
        QueryConfig cfg = QueryConfig.builder().skd010(true).build();
        Result r2 = decode(new PtBytes().psbEnabled(0x1000).ovf().tsc(0x10).tip(0x3000).tnt8(1, 1), cfg);
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.TNT),
                r2.types());
        assertEquals(0x3000, r2.get(2).ip());
        Result without = decode(new PtBytes().psbEnabled(0x1000).ovf().tsc(0x10).tip(0x3000));
        assertEquals(-PtError.BAD_CONTEXT.code(), without.error());
    }

    @Test
    void shouldResumeDisabledAfterTipPgdWithSkd010() {
        QueryConfig cfg = QueryConfig.builder().skd010(true).build();
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().tipPgd(0x1001).tipPge(0x2000), cfg);
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.ENABLED),
                r.types());
        assertTrue(r.get(2).ipSuppressed());
        assertEquals(0x2000, r.get(3).ip());
    }

    @Test
    void shouldResumeAtPsbFupWithSkd010() {
        QueryConfig cfg = QueryConfig.builder().skd010(true).build();
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().psb().modeExec64().fup(0x4000).psbend(), cfg);
        assertEquals(EventType.OVERFLOW, r.get(2).type());
        assertEquals(0x4000, r.get(2).ip());
        assertEquals(EventType.ENABLED, r.get(3).type());
        assertTrue(r.get(3).statusUpdate());
    }

    @Test
    void shouldBindTsxToTheRecoveryFupWithSkd010() {
        QueryConfig cfg = QueryConfig.builder().skd010(true).build();
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().modeTsx(true, false).fup(0x5000).tnt8(1, 1), cfg);
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.TSX,
                EventType.TNT), r.types());
        assertEquals(0x5000, r.get(2).ip());
        assertEquals(0x5000, r.get(3).ip());
        assertTrue(r.get(3).speculative());
    }

    @Test
    void shouldResumeDisabledAfterTipPgdWithApl11() {
        QueryConfig cfg = QueryConfig.builder().apl11(true).build();
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().tipPgd(0x1001).modeExec64().tipPge(0x1002), cfg);
        // The overflow forgot the mode, so the MODE.Exec before the TIP.PGE is reported again.
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.ENABLED,
                EventType.EXEC_MODE), r.types());
        assertTrue(r.get(2).ipSuppressed());
    }

    @Test
    void shouldSkipUnexpectedFupAfterOverflowWithApl12() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000).ovf().fup(0x1001).tipPge(0x2000);
        Result with = decode(pt, QueryConfig.builder().apl12(true).build());
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW, EventType.ENABLED),
                with.types());
        assertTrue(with.get(2).ipSuppressed());
        assertEquals(0x2000, with.get(3).ip());
        Result without = decode(pt);
        assertFalse(without.get(2).ipSuppressed());
        assertEquals(0x1001, without.get(2).ip());
    }

    @Test
    void shouldKeepFupAfterOverflowWithApl12WhenTracingContinues() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ovf().fup(0x1001).tnt8(1, 1),
                QueryConfig.builder().apl12(true).build());
        assertEquals(0x1001, r.get(2).ip());
        assertEquals(EventType.TNT, r.get(3).type());
    }

    // ------------------------------------------------------------ power, ptwrite, stop, mnt

    @Test
    void shouldBindPtwriteWithIpToTheFup() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ptw(0xdeadbeefL, false, true).fup(0x1008)
                .ptw(0x1122334455667788L, true, false));
        assertEquals(EventType.PTWRITE, r.get(2).type());
        assertEquals(0x1008, r.get(2).ip());
        assertEquals(4, r.get(2).size());
        assertEquals(0xdeadbeefL, r.get(2).payload());
        assertEquals(EventType.PTWRITE, r.get(3).type());
        assertTrue(r.get(3).ipSuppressed());
        assertEquals(8, r.get(3).size());
    }

    @Test
    void shouldReportPowerEntryAfterMwaitAndExstopAtTheExit() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).mwait(5, 1).pwre(1, 2, true).exstop(true)
                .fup(0x1004).pwrx(1, 2, true));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.MWAIT, EventType.EXSTOP,
                EventType.PWRE, EventType.PWRX), r.types());
        assertEquals(5, r.get(2).hints());
        assertEquals(1, r.get(2).ext());
        assertEquals(0x1004, r.get(2).ip());
        assertEquals(0x1004, r.get(3).ip());
        assertEquals(1, r.get(4).state());
        assertEquals(2, r.get(4).subState());
        assertTrue(r.get(4).hw());
        assertEquals(1, r.get(5).last());
        assertEquals(2, r.get(5).deepest());
        assertTrue(r.get(5).wakeInterrupt());
    }

    @Test
    void shouldPublishPendingPowerEventsAtOverflowInQueueOrder() {
        // The MWAIT moves behind the power entry when the EXSTOP binds it to a FUP.
        Result r = decode(new PtBytes().psbDisabled().mwait(7, 0).pwre(0, 0, true).exstop(true).ovf());
        assertEquals(List.of(EventType.DISABLED, EventType.PWRE, EventType.MWAIT, EventType.EXSTOP,
                EventType.OVERFLOW), r.types());
        assertTrue(r.get(2).ipSuppressed());
        assertTrue(r.get(3).ipSuppressed());
        Result noExstop = decode(new PtBytes().psbDisabled().mwait(7, 0).pwre(0, 0, true).ovf());
        assertEquals(List.of(EventType.DISABLED, EventType.MWAIT, EventType.PWRE, EventType.OVERFLOW),
                noExstop.types());
    }

    @Test
    void shouldKeepAPowerEntryAcrossAPsb() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).pwre(2, 0, false).psbEnabled(0x1000).pwrx(2, 2, true));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.ENABLED, EventType.EXEC_MODE,
                EventType.PWRE, EventType.PWRX), r.types());
        assertEquals(-PtError.EOS.code(), r.error());
    }

    @Test
    void shouldRejectAPendingMwaitAtAPsb() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).mwait(1, 0).psbEnabled(0x1000));
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error());
    }

    @Test
    void shouldDropOtherPendingEventsAtOverflow() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).ptw(1, false, true).ovf().fup(0x2000));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.OVERFLOW), r.types());
        assertEquals(0x2000, r.get(2).ip());
    }

    @Test
    void shouldReportMwaitAndExstopWithoutIpStandalone() {
        Result r = decode(new PtBytes().psbDisabled().mwait(1, 0).pwre(0, 0, false).exstop(false).pwrx(0, 0, false));
        assertEquals(List.of(EventType.DISABLED, EventType.MWAIT, EventType.EXSTOP, EventType.PWRE,
                EventType.PWRX), r.types());
        assertTrue(r.get(1).ipSuppressed());
        assertTrue(r.get(2).ipSuppressed());
    }

    @Test
    void shouldReportStopAndMnt() {
        Result r = decode(new PtBytes().psbDisabled().mnt(42).stop());
        assertEquals(List.of(EventType.DISABLED, EventType.MNT, EventType.STOP), r.types());
        assertEquals(42, r.get(1).payload());
    }

    // ------------------------------------------------------------ timing

    @Test
    void shouldReportCbrAndStampEventsWithTsc() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).tsc(0x5000).cbr(0x20).tnt8(1, 1));
        assertEquals(EventType.CBR, r.get(2).type());
        assertEquals(0x20, r.get(2).ratio());
        assertTrue(r.get(2).hasTsc());
        assertEquals(0x5000, r.get(2).tsc());
        assertEquals(0x5000, r.get(3).tsc());
        assertFalse(r.get(0).hasTsc(), "no TSC before the first TSC packet");
    }

    // ------------------------------------------------------------ event tracing

    @Test
    void shouldCompleteAnInterruptFromEvdAndCfe() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).evd(0, 0xf00).cfe(CfeType.INTR, 14, false)
                .fup(0x1002).tip(0x8000));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.INTERRUPT,
                EventType.ASYNC_BRANCH), r.types());
        PtEvent intr = r.get(2);
        assertEquals(14, intr.vector());
        assertTrue(intr.hasCr2());
        assertEquals(0xf00, intr.cr2());
        assertEquals(0x1002, intr.ip());
        assertEquals(0x8000, r.get(3).to());
    }

    @Test
    void shouldRejectIretAfterEvd() {
        PtBytes pt = new PtBytes().psbEnabled(0x100000).evd(0, 0xf00);
        int cfe = pt.offset();
        pt.cfe(CfeType.IRET, 0, true).fup(1, 0);
        Result r = decode(pt);
        assertEquals(-PtError.BAD_CONTEXT.code(), r.error());
        assertEquals(cfe, r.errorOffset());
    }

    @Test
    void shouldCollectVmexitDataFromEvds() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).evd(1, 0x11).evd(2, 0x22)
                .cfe(CfeType.VMEXIT_INTR, 3, true).fup(0x1004));
        PtEvent vmexit = r.get(2);
        assertEquals(EventType.VMEXIT, vmexit.type());
        assertTrue(vmexit.hasVmxq());
        assertEquals(0x11, vmexit.vmxq());
        assertTrue(vmexit.hasVmxr());
        assertEquals(0x22, vmexit.vmxr());
        assertTrue(vmexit.hasVector());
        assertEquals(3, vmexit.vector());
        assertEquals(0x1004, vmexit.ip());
    }

    @Test
    void shouldReportRsmWithoutIp() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).cfe(CfeType.RSM, 0, false).fup(0x1004).tip(0x2000));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.RSM, EventType.ASYNC_BRANCH),
                r.types());
        assertTrue(r.get(2).ipSuppressed());
    }

    @Test
    void shouldBindSoftwareInterruptToTheAsyncBranchFup() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).cfe(CfeType.SWINTR, 128, false).fup(0x1004)
                .tip(0x8000).tipPgdNoIp().cfe(CfeType.SWINTR, 42, false));
        assertEquals(List.of(EventType.ENABLED, EventType.EXEC_MODE, EventType.SWINTR, EventType.ASYNC_BRANCH,
                EventType.DISABLED, EventType.SWINTR), r.types());
        assertEquals(128, r.get(2).vector());
        assertEquals(0x1004, r.get(2).ip());
        assertEquals(42, r.get(5).vector());
        assertTrue(r.get(5).ipSuppressed(), "standalone while disabled");
    }

    @Test
    void shouldReportTriggers() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).trig(0xa, 3, false, true).trig(1, 0, true, false)
                .fup(0x1008));
        assertEquals(EventType.TRIG, r.get(2).type());
        assertEquals(0xa, r.get(2).trbv());
        assertEquals(3, r.get(2).icnt());
        assertTrue(r.get(2).mult());
        assertFalse(r.get(2).ipSuppressed());
        assertEquals(EventType.TRIG, r.get(3).type());
        assertEquals(0x1008, r.get(3).ip());
    }

    @Test
    void shouldRejectTriggerWithIpAndCount() {
        Result r = decode(new PtBytes().psbEnabled(0x1000).trig(1, 2, true, false).fup(0x1008));
        assertEquals(-PtError.BAD_PACKET.code(), r.error());
    }

    // ------------------------------------------------------------ errors

    @Test
    void shouldReportPacketErrorsAtTheirOffset() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000);
        int bad = pt.offset();
        pt.raw(0x02, 0xff);
        Result r = decode(pt);
        assertEquals(-PtError.BAD_OPC.code(), r.error());
        assertEquals(bad, r.errorOffset());
    }

    @Test
    void shouldReportTruncatedPacketAsEos() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000);
        int cut = pt.offset();
        pt.raw(0x19, 0x01, 0x02);
        Result r = decode(pt);
        assertEquals(EOS, r.error());
        assertEquals(cut, r.errorOffset());
    }

    @Test
    void shouldResyncAfterAnError() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000).raw(0x02, 0xff);
        int second = pt.offset();
        pt.psbEnabled(0x2000);
        EventDecoder dec = new EventDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(0, dec.syncForward());
        PtEvent ev = new PtEvent();
        assertEquals(0, dec.next(ev));
        assertEquals(0, dec.next(ev));
        assertEquals(-PtError.BAD_OPC.code(), dec.next(ev));
        assertEquals(0, dec.syncForward());
        assertEquals(second, dec.syncOffset());
        assertEquals(0, dec.next(ev));
        assertEquals(0x2000, ev.ip());
    }
}
