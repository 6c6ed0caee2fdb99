package dev.hindsight.pt.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.TimeQuery;
import dev.hindsight.pt.time.TimeConfig;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static Packet tsc(long value) {
        return new Packet().setTsc(value).setType(PacketType.TSC);
    }

    @Test
    void shouldStampWithoutTscUntilTheFirstTsc() {
        EventTime t = new EventTime(TimeConfig.NONE);
        PtEvent ev = new PtEvent();
        t.stamp(ev);
        assertFalse(ev.hasTsc());
        assertEquals(-PtError.NO_TIME.code(), t.query(new TimeQuery()));
        assertEquals(0, t.tsc(tsc(0x1234)));
        t.stamp(ev);
        assertTrue(ev.hasTsc());
        assertEquals(0x1234, ev.tsc());
        TimeQuery q = new TimeQuery();
        assertEquals(0, t.query(q));
        assertEquals(0x1234, q.tsc());
    }

    @Test
    void shouldTrackTheCoreBusRatio() {
        EventTime t = new EventTime(TimeConfig.NONE);
        assertEquals(-PtError.NO_CBR.code(), t.coreBusRatio());
        assertEquals(0, t.cbr(new Packet().setCbr(0x1c)));
        assertEquals(0x1c, t.coreBusRatio());
    }

    @Test
    void shouldCopyAndResetTime() {
        EventTime a = new EventTime(TimeConfig.NONE);
        a.tsc(tsc(0x10));
        EventTime b = new EventTime(TimeConfig.NONE);
        b.copyFrom(a);
        PtEvent ev = new PtEvent();
        b.stamp(ev);
        assertEquals(0x10, ev.tsc());
        b.reset();
        assertEquals(-PtError.NO_TIME.code(), b.query(new TimeQuery()));
        a.stamp(ev.clear());
        assertEquals(0x10, ev.tsc(), "the original is independent of the copy");
    }

    @Test
    void shouldCountCyclesWithoutCalibrationAsLost() {
        EventTime t = new EventTime(TimeConfig.builder().mtcFreq(3).cpuid15Eax(2).cpuid15Ebx(308).build());
        t.tsc(tsc(0x1000));
        t.cyc(new Packet().setCyc(0x40));
        PtEvent ev = new PtEvent();
        t.stamp(ev);
        assertEquals(1, ev.lostCyc());
        assertEquals(0x1000, ev.tsc());
    }
}
