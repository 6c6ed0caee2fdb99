package dev.hindsight.collect.pt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.PerfRing;
import dev.hindsight.collect.sys.RingMemory;
import dev.hindsight.pt.sideband.PerfEvent;
import dev.hindsight.pt.sideband.PerfEventConfig;
import dev.hindsight.pt.sideband.PerfEventReader;
import dev.hindsight.pt.sideband.PerfRecordType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidebandCollectorTest {
    private static final int DATA = 128;

    @Test
    void shouldKeepRecordsAndTurnLossesIntoGaps() throws IOException {
        ByteBuffer ring = PtTestRings.ring(DATA, 64);
        // Start near the end of the data area so that records wrap: tail = head = 100.
        ring.putLong(MmapPage.DATA_TAIL, 100);
        long pos = 100;
        byte[][] recs = {PtTestRings.itraceStart(42, 42), PtTestRings.aux(0, 512, 0),
            PtTestRings.aux(512, 256, SidebandCollector.AUX_TRUNCATED),
            PtTestRings.lost(3), PtTestRings.aux(768, 64, SidebandCollector.AUX_COLLISION
                    | SidebandCollector.AUX_PARTIAL)};
        ByteArrayOutputStream sideband = new ByteArrayOutputStream();
        PerfRing r = PerfRing.over(RingMemory.of(ring), ring.capacity() - 64);
        SidebandCollector c = new SidebandCollector(r, sideband, false, () -> 768);
        int total = 0;
        for (byte[] rec : recs) {
            PtTestRings.putData(ring, pos, rec);
            pos += rec.length;
            total += rec.length;
            ring.putLong(MmapPage.DATA_HEAD, pos);
            assertEquals(1, c.drain());
        }
        assertEquals(pos, ring.getLong(MmapPage.DATA_TAIL));
        assertEquals(List.of(new BundleManifest.Gap(768, "truncated", 0),
                new BundleManifest.Gap(768, "lost", 3),
                new BundleManifest.Gap(832, "collision", 0)), c.gaps());
        // The sideband is the records verbatim; the pevent reader walks it to the end.
        byte[] sb = sideband.toByteArray();
        assertEquals(total, sb.length);
        ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
        PerfEventConfig config = PerfEventConfig.DEFAULT.withSampleType(PtAttr.SIDEBAND_SAMPLE_TYPE);
        PerfEvent ev = new PerfEvent();
        int at = 0;
        int[] types = new int[recs.length];
        for (int i = 0; i < recs.length; i++) {
            int n = PerfEventReader.read(b, at, sb.length, config, ev);
            assertEquals(recs[i].length, n);
            types[i] = ev.type();
            at += n;
        }
        assertEquals(PerfRecordType.ITRACE_START, types[0]);
        assertEquals(PerfRecordType.LOST, types[3]);
    }

    @Test
    void shouldNotCountOverwriteAsALossInSnapshotMode() throws IOException {
        ByteBuffer ring = PtTestRings.ring(DATA, 64);
        PtTestRings.putData(ring, 0, PtTestRings.aux(0, 64, SidebandCollector.AUX_OVERWRITE));
        ring.putLong(MmapPage.DATA_HEAD, 48);
        PerfRing r = PerfRing.over(RingMemory.of(ring), ring.capacity() - 64);
        SidebandCollector c = new SidebandCollector(r, new ByteArrayOutputStream(), true, () -> 0);
        c.drain();
        assertEquals(List.of(), c.gaps());
    }
}
