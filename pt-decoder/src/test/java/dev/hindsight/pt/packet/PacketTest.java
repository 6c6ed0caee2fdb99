package dev.hindsight.pt.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketTest {
    @Test
    void shouldCopyEveryField() {
        Packet a = new Packet().setTrig(0xa1, 23, true, true, false).setSize(5);
        a.setIp(PacketType.FUP, IpCompression.UPDATE_16, 0x1234L);
        a.setSize(3);
        Packet b = new Packet().copyFrom(a);
        assertEquals(PacketType.FUP, b.type());
        assertEquals(3, b.size());
        assertEquals(0x1234L, b.ip());
        assertEquals(0xa1, b.trigTrbv());
        assertEquals(23, b.trigIcnt());
        assertTrue(b.trigIp());
    }

    @Test
    void shouldSetTypeWithKindSetter() {
        assertEquals(PacketType.MODE_TSX, new Packet().setModeTsx(true, false).type());
        assertEquals(PacketType.CFE, new Packet().setCfe(1, 14, false).type());
        assertEquals("tip.pge", PacketType.TIP_PGE.mnemonic());
        assertTrue(PacketType.TIP_PGD.hasIp());
    }
}
