package dev.hindsight.bts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtsTraceReaderTest {
    static ByteBuffer ds(long... fromTo) {
        ByteBuffer b = ByteBuffer.allocate(fromTo.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fromTo.length; i += 2) {
            b.putLong(fromTo[i]).putLong(fromTo[i + 1]).putLong(0x10);
        }
        return b.flip();
    }

    static ByteBuffer perf(long... fromTo) {
        ByteBuffer b = ByteBuffer.allocate(fromTo.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fromTo.length; i += 2) {
            b.putInt(9).putShort((short) 0).putShort((short) 24).putLong(fromTo[i]).putLong(fromTo[i + 1]);
        }
        return b.flip();
    }

    private static long[][] blocks(BtsTrace t) {
        long[][] r = new long[t.blockCount()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = new long[] {t.begin(i), t.end(i)};
        }
        return r;
    }

    @Test
    void shouldBuildBlocksBetweenBranchTargetsAndSources() {
        BtsTrace t = new BtsTraceReader(BtsFormat.DS).read(ds(0x100, 0x200, 0x210, 0x300, 0x305, 0x220));
        assertArrayEquals(new long[][] {{0x200, 0x210}, {0x300, 0x305}, {0x220, 0x220}}, blocks(t));
    }

    @Test
    void shouldWarnAboutATrailingPartialRecord() {
        java.nio.ByteBuffer whole = ds(0x100, 0x200, 0x210, 0x300);
        java.nio.ByteBuffer cut = java.nio.ByteBuffer.allocate(whole.remaining() + 5).put(whole.duplicate());
        cut.rewind();
        BtsTrace t = new BtsTraceReader(BtsFormat.DS).read(cut);
        assertArrayEquals(new long[][] {{0x200, 0x210}, {0x300, 0x300}}, blocks(t));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(BtsTraceReader.INCOMPLETE), t.warnings());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(),
                new BtsTraceReader(BtsFormat.DS).read(whole).warnings());
    }

    @Test
    void shouldEndTheNewestBlockAtTheCurrentPc() {
        BtsTrace t = new BtsTraceReader(BtsFormat.PERF).currentPc(0x230).read(perf(0x100, 0x200, 0x210, 0x220));
        assertArrayEquals(new long[][] {{0x200, 0x210}, {0x220, 0x230}}, blocks(t));
    }

    @Test
    void shouldSkipKernelRecordsByBit63OrKernelStart() {
        BtsTrace t = new BtsTraceReader(BtsFormat.DS).read(ds(0x100, 0x200, 0xffffffff81000000L, 0x300, 0x305, 0x220));
        assertArrayEquals(new long[][] {{0x200, 0x305}, {0x220, 0x220}}, blocks(t));
        BtsTrace k = new BtsTraceReader(BtsFormat.DS).kernelStart(0x300).read(ds(0x100, 0x200, 0x300, 0x400, 0x210, 0x220));
        assertArrayEquals(new long[][] {{0x200, 0x210}, {0x220, 0x220}}, blocks(k));
    }

    @Test
    void shouldDropOlderSamplesAtABadPerfRecordAndWarn() {
        ByteBuffer b = perf(0x100, 0x200, 0x210, 0x300, 0x305, 0x220);
        b.putInt(24, 3); // the second sample is not PERF_RECORD_SAMPLE
        BtsTrace t = new BtsTraceReader(BtsFormat.PERF).read(b);
        assertArrayEquals(new long[][] {{0x220, 0x220}}, blocks(t));
        assertEquals(List.of(BtsTraceReader.INCOMPLETE), t.warnings());
    }

    @Test
    void shouldIgnoreATrailingPartialRecordAndEmptyInput() {
        ByteBuffer b = ByteBuffer.allocate(24 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x100).putLong(0x200).putLong(0);
        b.position(0);
        assertEquals(1, new BtsTraceReader(BtsFormat.DS).read(b).blockCount());
        assertTrue(new BtsTraceReader(BtsFormat.DS).read(ByteBuffer.allocate(0)).blockCount() == 0);
    }
}
