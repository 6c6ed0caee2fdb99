package dev.hindsight.pt.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExecModeTest {

    @Test
    void shouldFollowModeExecCsBitsAsLibipt() {
        assertEquals(ExecMode.BITS_16, ExecMode.fromCsBits(false, false));
        assertEquals(ExecMode.BITS_32, ExecMode.fromCsBits(false, true));
        assertEquals(ExecMode.BITS_64, ExecMode.fromCsBits(true, false));
        assertEquals(ExecMode.UNKNOWN, ExecMode.fromCsBits(true, true));
    }

    @Test
    void shouldKeepLibiptsValuesAndSizes() {
        assertEquals(3, ExecMode.BITS_64.ordinal());
        assertEquals(64, ExecMode.BITS_64.bits());
        assertEquals(16, ExecMode.BITS_16.bits());
        assertEquals(0, ExecMode.UNKNOWN.bits());
    }
}
