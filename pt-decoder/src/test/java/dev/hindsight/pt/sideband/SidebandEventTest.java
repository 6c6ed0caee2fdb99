package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.sideband.SidebandEvent.Kind;
import org.junit.jupiter.api.Test;

class SidebandEventTest {

    @Test
    void shouldTakeKindIpAndTimeFromDecoderEvent() {
        PtEvent e = new PtEvent().type(EventType.DISABLED).ipSuppressed(true).ip(0x1234)
                .tsc(0x55);

        SidebandEvent s = new SidebandEvent().from(e);

        assertEquals(Kind.DISABLED, s.kind());
        assertEquals(true, s.ipSuppressed());
        assertEquals(0x1234, s.ip());
        assertEquals(0x55, s.tsc());
    }

    @Test
    void shouldTakeBranchTargetAndDisableSource() {
        SidebandEvent s = new SidebandEvent();

        s.from(new PtEvent().type(EventType.ASYNC_BRANCH).from(0x10).to(0x20));
        assertEquals(Kind.ASYNC_BRANCH, s.kind());
        assertEquals(0x20, s.ip());

        s.from(new PtEvent().type(EventType.ASYNC_DISABLED).at(0x30).ip(0x40));
        assertEquals(0x30, s.at());
        assertEquals(0x40, s.ip());
    }

    @Test
    void shouldMapEventsThatSayNothingAboutLocationToOther() {
        SidebandEvent s = new SidebandEvent();
        for (EventType t : new EventType[] {EventType.STOP, EventType.VMCS, EventType.CBR,
            EventType.TNT, EventType.PWRE, EventType.SIPI, EventType.TRIG}) {
            assertEquals(Kind.OTHER, s.from(new PtEvent().type(t)).kind(), t.name());
        }
        assertEquals(Kind.TICK, s.from(new PtEvent().type(EventType.TICK)).kind());
    }
}
