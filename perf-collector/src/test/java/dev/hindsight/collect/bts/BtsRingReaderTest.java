package dev.hindsight.collect.bts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.RingMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtsRingReaderTest {
    private static final int PAGE = 4096;
    private static final int DATA = 256;

    private static ByteBuffer ring() {
        ByteBuffer b = ByteBuffer.allocate(PAGE + DATA).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MmapPage.DATA_OFFSET, PAGE);
        b.putLong(MmapPage.DATA_SIZE, DATA);
        return b;
    }

    /** Writes a 24-byte record at ring position pos (wrapping), as the kernel does. */
    private static void put(ByteBuffer ring, long pos, int type, long a, long b) {
        ByteBuffer r = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(type).putShort((short) 0).putShort((short) 24).putLong(a).putLong(b);
        for (int i = 0; i < 24; i++) {
            ring.put(PAGE + (int) ((pos + i) % DATA), r.get(i));
        }
    }

    private static long[] records(BtsRingReader.Result r) {
        ByteBuffer b = ByteBuffer.wrap(r.records()).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[r.records().length / 24 * 2];
        for (int i = 0; i < out.length / 2; i++) {
            out[2 * i] = b.getLong(24 * i);
            out[2 * i + 1] = b.getLong(24 * i + 8);
            assertEquals(0, b.getLong(24 * i + 16));
        }
        return out;
    }

    @Test
    void shouldReadSamplesOldestFirst() {
        ByteBuffer ring = ring();
        for (int i = 0; i < 3; i++) {
            put(ring, 24L * i, 9, 0x1000 + i, 0x2000 + i);
        }
        ring.putLong(MmapPage.DATA_HEAD, 72);
        BtsRingReader.Result r = new BtsRingReader(RingMemory.of(ring), 1, 0).read();
        assertEquals(3, r.count());
        assertEquals(List.of(0x1000L, 0x2000L, 0x1001L, 0x2001L, 0x1002L, 0x2002L),
                java.util.Arrays.stream(records(r)).boxed().toList());
        assertNull(r.warning());
    }

    @Test
    void shouldKeepOnlyTheNewestBufferfulAfterTheKernelWrapped() {
        ByteBuffer ring = ring();
        // 20 samples of 24 bytes into 256 bytes: the last 10 survive (240 bytes), one split by
        // the wrap (sample 10 starts at 240 and ends at 8).
        for (int i = 0; i < 20; i++) {
            put(ring, 24L * i, 9, 0x1000 + i, 0x2000 + i);
        }
        ring.putLong(MmapPage.DATA_HEAD, 480);
        long[] r = records(new BtsRingReader(RingMemory.of(ring), 1, 0).read());
        assertEquals(20, r.length);
        assertEquals(0x100a, r[0]);
        assertEquals(0x1013, r[18]);
        assertEquals(0x2013, r[19]);
    }

    @Test
    void shouldDropKernelBranchesByTextOrBit63() {
        ByteBuffer ring = ring();
        put(ring, 0, 9, 0x401000, 0x401100);
        put(ring, 24, 9, 0xffffffff81000010L, 0x401200);
        put(ring, 48, 9, 0x401300, 0x401400);
        ring.putLong(MmapPage.DATA_HEAD, 72);
        assertEquals(2, new BtsRingReader(RingMemory.of(ring), 1, 0).read().count());
        assertEquals(1, new BtsRingReader(RingMemory.of(ring), 1, 0x401200).read().count());
    }

    @Test
    void shouldTurnLostRecordsIntoGaps() {
        ByteBuffer ring = ring();
        put(ring, 0, 9, 0x1000, 0x2000);
        put(ring, 24, 2, 77, 5);
        put(ring, 48, 9, 0x3000, 0x4000);
        ring.putLong(MmapPage.DATA_HEAD, 72);
        BtsRingReader.Result r = new BtsRingReader(RingMemory.of(ring), 1, 0).read();
        assertEquals(2, r.count());
        assertEquals(List.of(new BundleManifest.Gap(24, "lost", 5)), r.gaps());
    }

    @Test
    void shouldStopWithAWarningAtAForeignRecord() {
        ByteBuffer ring = ring();
        put(ring, 0, 9, 0x1000, 0x2000);
        put(ring, 24, 5, 0, 0);
        put(ring, 48, 9, 0x3000, 0x4000);
        ring.putLong(MmapPage.DATA_HEAD, 72);
        BtsRingReader.Result r = new BtsRingReader(RingMemory.of(ring), 1, 0).read();
        assertEquals(1, r.count());
        assertEquals("Branch trace may be incomplete.", r.warning());
    }

    @Test
    void shouldRefuseABufferSizeAbove32Bits() {
        ByteBuffer ring = ring();
        ring.putLong(MmapPage.DATA_SIZE, 1L << 33);
        assertEquals("Failed to determine trace buffer size.", assertThrows(
                IllegalStateException.class, () -> new BtsRingReader(RingMemory.of(ring), 1, 0))
                .getMessage());
    }
}
