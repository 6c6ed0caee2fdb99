package dev.hindsight.collect.pt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.RingMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AuxReaderTest {
    private static final int DATA = 4096;
    private static final int AUX = 64;

    private static AuxReader reader(ByteBuffer ring) {
        RingMemory m = RingMemory.of(ring);
        return new AuxReader(m, m, ring.getLong(MmapPage.AUX_OFFSET), AUX);
    }

    private static void writeAux(ByteBuffer ring, long from, int n, int firstValue) {
        long base = ring.getLong(MmapPage.AUX_OFFSET);
        for (int i = 0; i < n; i++) {
            ring.put((int) (base + (from + i) % AUX), (byte) (firstValue + i));
        }
    }

    @Test
    void shouldCopyAcrossTheWrapAndMoveTheTail() throws IOException {
        ByteBuffer ring = PtTestRings.ring(DATA, AUX);
        AuxReader r = reader(ring);
        writeAux(ring, 0, 50, 0);
        ring.putLong(MmapPage.AUX_HEAD, 50);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(50, r.drain(out));
        assertEquals(50, ring.getLong(MmapPage.AUX_TAIL));
        // 40 more bytes: 14 to the end of the area, 26 from its start (head 90 is past the wrap).
        writeAux(ring, 50, 40, 50);
        ring.putLong(MmapPage.AUX_HEAD, 90);
        assertEquals(40, r.drain(out));
        assertEquals(90, ring.getLong(MmapPage.AUX_TAIL));
        byte[] want = new byte[90];
        for (int i = 0; i < 90; i++) {
            want[i] = (byte) i;
        }
        assertArrayEquals(want, out.toByteArray());
        assertEquals(0, r.drain(out));
    }

    @Test
    void shouldRefuseAHeadFurtherAheadThanTheArea() {
        ByteBuffer ring = PtTestRings.ring(DATA, AUX);
        AuxReader r = reader(ring);
        ring.putLong(MmapPage.AUX_HEAD, AUX + 1);
        assertThrows(IllegalStateException.class, () -> r.drain(new ByteArrayOutputStream()));
    }

    @Test
    void shouldCopyTheWholeSnapshotOldestFirstAndNotWriteTheTail() throws IOException {
        ByteBuffer ring = PtTestRings.ring(DATA, AUX);
        AuxReader r = reader(ring);
        // The kernel wrapped: 100 bytes written, so the oldest kept byte is at 100 mod 64 = 36.
        writeAux(ring, 0, 100, 0);
        ring.putLong(MmapPage.AUX_HEAD, 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(AUX, r.snapshot(out));
        byte[] want = new byte[AUX];
        for (int i = 0; i < AUX; i++) {
            want[i] = (byte) (36 + i);
        }
        assertArrayEquals(want, out.toByteArray());
        assertEquals(0, ring.getLong(MmapPage.AUX_TAIL));
        assertEquals(0, r.snapshot(out), "nothing new while the head stands still");
    }
}
