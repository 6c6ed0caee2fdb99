package dev.hindsight.pt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PacketBenchmarkTest {
    private static ByteBuffer psbThen(int... tail) {
        ByteBuffer buf = ByteBuffer.allocate(16 + 16 + tail.length);
        for (int i = 0; i < 8; i++) {
            buf.put((byte) 0x02).put((byte) 0x82);
        }
        for (int x : tail) {
            buf.put((byte) x);
        }
        for (int i = 0; i < 8; i++) {
            buf.put((byte) 0x02).put((byte) 0x82);
        }
        return buf.flip();
    }

    @Test
    void shouldCountPacketsAndResyncAfterErrors() {
        long walk = PacketBenchmark.walk(psbThen(0x00, 0xc9, 0x00), PacketDecoderConfig.DEFAULT,
                new Packet());
        // psb, pad, [bad opcode -> resync], psb
        assertEquals(3, PacketBenchmark.count(walk));
        assertEquals(1, PacketBenchmark.errors(walk));
    }

    @Test
    void shouldReportOrderedThroughputFigures() {
        PacketBenchmark.Result r = PacketBenchmark.run(psbThen(0x00), PacketDecoderConfig.DEFAULT,
                0, 3);
        assertEquals(33, r.bytes());
        assertEquals(3, r.packets());
        assertTrue(r.min() <= r.median() && r.median() <= r.max(), r.toString());
        assertTrue(r.min() > 0, r.toString());
        assertThrows(IllegalArgumentException.class,
                () -> PacketBenchmark.run(psbThen(), PacketDecoderConfig.DEFAULT, 0, 0));
    }
}
