package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecModeTest {

    @Test
    void shouldMapCsBitsAsLibipt() {
        assertEquals(ExecMode.BIT16, ExecMode.of(false, false));
        assertEquals(ExecMode.BIT32, ExecMode.of(false, true));
        assertEquals(ExecMode.BIT64, ExecMode.of(true, false));
        assertEquals(ExecMode.UNKNOWN, ExecMode.of(true, true));
        assertEquals(64, ExecMode.BIT64.bits());
        assertEquals(0, ExecMode.UNKNOWN.bits());
    }
}
