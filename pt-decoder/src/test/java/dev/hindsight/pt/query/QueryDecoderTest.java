package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class QueryDecoderTest {
    private static final int BAD_QUERY = -PtError.BAD_QUERY.code();

    private static QueryDecoder synced(PtBytes pt, int expectedFlags) {
        QueryDecoder q = new QueryDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(expectedFlags, q.syncForward());
        return q;
    }

    /** Consumes the PSB+ status events (enabled/disabled, exec mode). */
    private static int skipStatus(QueryDecoder q, int n) {
        PtEvent ev = new PtEvent();
        int flags = 0;
        for (int i = 0; i < n; i++) {
            flags = q.event(ev);
            assertTrue(flags >= 0, "event " + i + ": " + flags);
            assertTrue(ev.statusUpdate());
        }
        return flags;
    }

    @Test
    void shouldProvideTheStartIpOnSync() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x401000), StatusFlag.EVENT_PENDING);
        assertEquals(0x401000, q.ip());
    }

    @Test
    void shouldSuppressTheStartIpWhenTracingIsDisabled() {
        synced(new PtBytes().psbDisabled(), StatusFlag.EVENT_PENDING | StatusFlag.IP_SUPPRESSED);
    }

    @Test
    void shouldFailQueriesBeforeSync() {
        QueryDecoder q = new QueryDecoder(new PtBytes().psbEnabled(0x1000).bytes(), QueryConfig.DEFAULT);
        assertEquals(-PtError.NOSYNC.code(), q.condBranch());
        assertEquals(-PtError.NOSYNC.code(), q.indirectBranch());
        assertEquals(-PtError.NOSYNC.code(), q.event(new PtEvent()));
    }

    @Test
    void shouldAnswerConditionalBranchesOldestFirst() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x1000).tnt8(0b110, 3).tnt64(0b01, 2).tip(0x2000),
                StatusFlag.EVENT_PENDING);
        assertEquals(0, skipStatus(q, 2), "a TNT is next: no event pending");
        boolean[] expected = {true, true, false, false, true};
        for (boolean bit : expected) {
            assertEquals(0, q.condBranch());
            assertEquals(bit, q.taken());
        }
        assertEquals(BAD_QUERY, q.condBranch(), "the next packet is a TIP");
        assertEquals(0, q.indirectBranch() & ~StatusFlag.EOS);
        assertEquals(0x2000, q.ip());
    }

    @Test
    void shouldNotSignalEventsWhileTntBitsAreCached() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x1000).tnt8(0b10, 2).fup(0x1004).tip(0x3000),
                StatusFlag.EVENT_PENDING);
        skipStatus(q, 2);
        assertEquals(0, q.condBranch(), "a bit is left: the pending async branch is not signalled");
        assertEquals(BAD_QUERY, q.event(new PtEvent()), "no events while TNT bits are cached");
        assertEquals(StatusFlag.EVENT_PENDING, q.condBranch());
        assertFalse(q.taken());
        PtEvent ev = new PtEvent();
        assertEquals(StatusFlag.EOS, q.event(ev));
        assertEquals(EventType.ASYNC_BRANCH, ev.type());
        assertEquals(0x1004, ev.from());
        assertEquals(0x3000, ev.to());
    }

    @Test
    void shouldAnswerIndirectBranches() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x1000).tip(2, 0x2345).tip(0, 0),
                StatusFlag.EVENT_PENDING);
        skipStatus(q, 2);
        assertEquals(0, q.indirectBranch());
        assertEquals(0x2345, q.ip());
        assertEquals(StatusFlag.IP_SUPPRESSED | StatusFlag.EOS, q.indirectBranch());
        assertEquals(-PtError.EOS.code(), q.indirectBranch());
    }

    @Test
    void shouldRejectBranchQueriesAtAnEvent() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x1000).tnt8(1, 1), StatusFlag.EVENT_PENDING);
        assertEquals(BAD_QUERY, q.condBranch());
        assertEquals(BAD_QUERY, q.indirectBranch());
    }

    @Test
    void shouldRejectEventQueriesAtABranch() {
        QueryDecoder q = synced(new PtBytes().psbEnabled(0x1000).tip(0x2000), StatusFlag.EVENT_PENDING);
        skipStatus(q, 2);
        assertEquals(BAD_QUERY, q.event(new PtEvent()));
    }

    @Test
    void shouldReportDeferredErrorsAfterTheCachedBits() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000).tnt8(1, 1);
        int bad = pt.offset();
        pt.raw(0x02, 0xff);
        QueryDecoder q = synced(pt, StatusFlag.EVENT_PENDING);
        skipStatus(q, 2);
        assertEquals(StatusFlag.EVENT_PENDING, q.condBranch(), "the error shows as a pending event");
        assertTrue(q.taken());
        assertEquals(-PtError.BAD_OPC.code(), q.condBranch());
        assertEquals(-PtError.BAD_OPC.code(), q.event(new PtEvent()));
        assertEquals(bad, q.offset());
    }

    @Test
    void shouldProvideTimeAndCoreBusRatioAtTheLastQuery() {
        QueryDecoder q = synced(new PtBytes().psb().tsc(0x1000).cbr(0x18).modeExec64().fup(0x1000).psbend()
                .tsc(0x2000).tnt8(1, 1), StatusFlag.EVENT_PENDING);
        TimeQuery t = new TimeQuery();
        assertEquals(-PtError.NO_TIME.code(), q.time(t), "no query yet");
        assertEquals(-PtError.NO_CBR.code(), q.coreBusRatio());
        PtEvent ev = new PtEvent();
        q.event(ev);
        assertEquals(0, q.time(t));
        assertEquals(0x1000, t.tsc());
        assertEquals(0x18, q.coreBusRatio());
        q.event(ev);
        assertEquals(EventType.CBR, ev.type(), "PSB+ events in packet order");
        q.event(ev);
        assertEquals(EventType.EXEC_MODE, ev.type());
        assertEquals(StatusFlag.EOS, q.condBranch());
        assertEquals(0, q.time(t));
        assertEquals(0x2000, t.tsc());
    }

    @Test
    void shouldSyncBackwardAndSet() {
        PtBytes pt = new PtBytes().psbEnabled(0x1000).tnt8(1, 1);
        int second = pt.offset();
        pt.psbEnabled(0x2000).tnt8(1, 1);
        QueryDecoder q = new QueryDecoder(pt.bytes(), QueryConfig.DEFAULT);
        assertEquals(StatusFlag.EVENT_PENDING, q.syncBackward());
        assertEquals(second, q.syncOffset());
        assertEquals(0x2000, q.ip());
        assertEquals(StatusFlag.EVENT_PENDING, q.syncBackward());
        assertEquals(0, q.syncOffset());
        assertEquals(0x1000, q.ip());
        assertEquals(StatusFlag.EVENT_PENDING, q.syncSet(second));
        assertEquals(0x2000, q.ip());
    }
}
