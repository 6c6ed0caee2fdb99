package dev.hindsight.pt.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class IpCompressionTest {
    @Test
    void shouldMapCodesToPayloadSizes() {
        assertEquals(0, IpCompression.payloadSize(0));
        assertEquals(2, IpCompression.payloadSize(1));
        assertEquals(4, IpCompression.payloadSize(2));
        assertEquals(6, IpCompression.payloadSize(3));
        assertEquals(6, IpCompression.payloadSize(4));
        assertEquals(8, IpCompression.payloadSize(6));
        assertEquals(-PtError.BAD_PACKET.code(), IpCompression.payloadSize(5));
        assertEquals(-PtError.BAD_PACKET.code(), IpCompression.payloadSize(7));
    }

    @Test
    void shouldLookUpByCodeAndRejectReserved() {
        for (IpCompression c : IpCompression.values()) {
            assertEquals(c, IpCompression.of(c.code()));
            assertEquals(c.payloadSize(), IpCompression.payloadSize(c.code()));
        }
        assertNull(IpCompression.of(5));
        assertNull(IpCompression.of(8));
    }
}
