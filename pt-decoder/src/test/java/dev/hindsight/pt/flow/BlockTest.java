package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import org.junit.jupiter.api.Test;

class BlockTest {
    @Test
    void shouldStartAFreshBlockAtTheGivenIpModeAndSpeculation() {
        Block b = new Block();
        b.ip = 0x1000;
        b.endIp = 0x1010;
        b.isid = 3;
        b.mode = ExecMode.BITS_32;
        b.iclass(InsnClass.COND_JUMP);
        b.ninsn = 7;
        b.size = 2;
        b.speculative = false;
        b.truncated = true;

        b.start(0x2000, ExecMode.BITS_64, true);

        assertEquals(0x2000, b.ip());
        assertEquals(0, b.endIp());
        assertEquals(0, b.isid());
        assertEquals(ExecMode.BITS_64, b.mode());
        assertEquals(InsnClass.UNKNOWN, b.iclass());
        assertEquals(0, b.ninsn());
        assertEquals(0, b.size());
        assertTrue(b.speculative());
        assertFalse(b.truncated());
    }
}
