package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void shouldUseLibiptNumbering() {
        assertEquals(0, EventType.ENABLED.code());
        assertEquals(6, EventType.OVERFLOW.code());
        assertEquals(17, EventType.TICK.code());
        assertEquals(19, EventType.MNT.code());
        assertEquals(20, EventType.TIP.code());
        assertEquals(21, EventType.TNT.code());
        assertEquals(34, EventType.TRIG.code());
        assertEquals(35, EventType.SWINTR.code());
        assertEquals(EventType.UIRET, EventType.of(33));
    }

    @Test
    void shouldRejectUnknownCodes() {
        assertThrows(IllegalArgumentException.class, () -> EventType.of(36));
        assertThrows(IllegalArgumentException.class, () -> EventType.of(-1));
    }
}
