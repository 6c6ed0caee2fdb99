package dev.hindsight.pt.query;

import dev.hindsight.pt.x86.ExecMode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PtEventTest {

    private static PtEvent full() {
        return new PtEvent().type(EventType.VMEXIT).ipSuppressed(true).statusUpdate(true).hasTsc(true)
                .tsc(0x1234).lostMtc(2).lostCyc(3).ip(0x4000).from(0x3000).resumed(true).cr3(0xc000)
                .nonRoot(true).execMode(ExecMode.BITS_32).speculative(true).aborted(true).base(0xb000)
                .hints(7).ext(1).state(2).subState(3).hw(true).last(4).deepest(5).wakeInterrupt(true)
                .wakeStore(true).wakeAutonomous(true).size(8).payload(0xfeed).ratio(0x20).bits(0b101)
                .iflag(true).hasCr2(true).vector(14).cr2(0xf00).hasVector(true).hasVmxr(true)
                .hasVmxq(true).vmxr(0x30).vmxq(0x31).trbv(0xa).icnt(9).mult(true);
    }

    @Test
    void shouldCopyEveryField() {
        PtEvent a = full();
        PtEvent b = new PtEvent().copyFrom(a);
        assertEquals(a.toString(), b.toString());
        assertEquals(EventType.VMEXIT, b.type());
        assertTrue(b.ipSuppressed() && b.statusUpdate() && b.hasTsc());
        assertEquals(0x1234, b.tsc());
        assertEquals(2, b.lostMtc());
        assertEquals(3, b.lostCyc());
        assertEquals(0x4000, b.ip());
        assertEquals(0x3000, b.from());
        assertTrue(b.resumed() && b.nonRoot() && b.speculative() && b.aborted() && b.hw());
        assertEquals(0xc000, b.cr3());
        assertEquals(ExecMode.BITS_32, b.execMode());
        assertEquals(0xb000, b.base());
        assertEquals(7, b.hints());
        assertEquals(1, b.ext());
        assertEquals(2, b.state());
        assertEquals(3, b.subState());
        assertEquals(4, b.last());
        assertEquals(5, b.deepest());
        assertTrue(b.wakeInterrupt() && b.wakeStore() && b.wakeAutonomous());
        assertEquals(8, b.size());
        assertEquals(0xfeed, b.payload());
        assertEquals(0x20, b.ratio());
        assertEquals(0b101, b.bits());
        assertTrue(b.iflag() && b.hasCr2() && b.hasVector() && b.hasVmxr() && b.hasVmxq() && b.mult());
        assertEquals(14, b.vector());
        assertEquals(0xf00, b.cr2());
        assertEquals(0x30, b.vmxr());
        assertEquals(0x31, b.vmxq());
        assertEquals(0xa, b.trbv());
        assertEquals(9, b.icnt());
    }

    @Test
    void shouldTellItsTypeWithoutLookingItUp() {
        PtEvent ev = new PtEvent().type(EventType.TNT);
        assertTrue(ev.is(EventType.TNT));
        assertFalse(ev.is(EventType.TIP));
        for (EventType t : EventType.values()) {
            assertEquals(t == EventType.TIP, ev.type(EventType.TIP).is(t));
        }
    }

    @Test
    void shouldClearEveryField() {
        PtEvent ev = full().clear();
        PtEvent fresh = new PtEvent();
        assertEquals(fresh.toString(), ev.toString());
        assertEquals(EventType.ENABLED, ev.type());
        assertFalse(ev.ipSuppressed() || ev.statusUpdate() || ev.hasTsc() || ev.mult() || ev.hasVmxq());
        assertEquals(0, ev.ip() | ev.from() | ev.payload() | ev.vmxq() | ev.cr2());
        assertEquals(ExecMode.UNKNOWN, ev.execMode());
    }

    @Test
    void shouldShareFieldsAsLibiptUnionNamesDo() {
        PtEvent ev = new PtEvent().to(0x2000).at(0x1000);
        assertEquals(0x2000, ev.ip());
        assertEquals(0x1000, ev.from());
        assertEquals(0x2000, ev.to());
        assertEquals(0x1000, ev.at());
    }
}
