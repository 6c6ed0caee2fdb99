package dev.hindsight.pt.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class LastIpTest {
    private final LastIp last = new LastIp();

    @Test
    void shouldHaveNoIpInitially() {
        assertEquals(-PtError.NOIP.code(), last.status());
        assertEquals(0L, last.ip());
    }

    @Test
    void shouldReportSuppressedUntilNextIp() {
        last.update(IpCompression.CODE_FULL, 0x1234L);
        assertEquals(0, last.update(IpCompression.CODE_SUPPRESSED, 0));
        assertEquals(-PtError.IP_SUPPRESSED.code(), last.status());
        last.update(IpCompression.CODE_UPDATE_16, 0x5678L);
        assertEquals(0, last.status());
        assertEquals(0x5678L, last.ip());
    }

    @Test
    void shouldReportNoIpAfterSuppressionWithoutAnyIp() {
        last.update(IpCompression.CODE_SUPPRESSED, 0);
        assertEquals(-PtError.NOIP.code(), last.status());
    }

    @Test
    void shouldUpdateLowBitsForEachCompression() {
        last.update(IpCompression.CODE_FULL, 0x0a00ccccddddeeeeL);
        assertEquals(0x0a00ccccddddeeeeL, last.ip());
        last.update(IpCompression.CODE_UPDATE_48, 0xffffeeeeffffL);
        assertEquals(0x0a00ffffeeeeffffL, last.ip());
        last.update(IpCompression.CODE_UPDATE_16, 0xddddL);
        assertEquals(0x0a00ffffeeeeddddL, last.ip());
        last.update(IpCompression.CODE_UPDATE_32, 0x11112222L);
        assertEquals(0x0a00ffff11112222L, last.ip());
    }

    @Test
    void shouldSignExtendSext48() {
        last.update(IpCompression.CODE_SEXT_48, 0xffffddddeeeeL);
        assertEquals(0xffffffffddddeeeeL, last.ip());
        last.update(IpCompression.CODE_SEXT_48, 0x7fffddddeeeeL);
        assertEquals(0x00007fffddddeeeeL, last.ip());
    }

    @Test
    void shouldRejectReservedCompressionAndKeepState() {
        last.update(IpCompression.CODE_FULL, 0x42L);
        assertEquals(-PtError.BAD_PACKET.code(), last.update(5, 0x1L));
        assertEquals(-PtError.BAD_PACKET.code(), last.update(7, 0x1L));
        assertEquals(0x42L, last.ip());
    }

    @Test
    void shouldForgetOnInit() {
        last.update(IpCompression.CODE_FULL, 0x42L);
        last.init();
        assertEquals(-PtError.NOIP.code(), last.status());
    }

    @Test
    void shouldUpdateFromPacket() {
        Packet p = new Packet().setIp(PacketType.TIP, IpCompression.FULL, 0x1000L);
        assertEquals(0, last.update(p));
        assertEquals(0x1000L, last.ip());
    }
}
