package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.sideband.PerfRecords.Sample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PerfEventReaderTest {
    private static final long ALL = PerfEventConfig.SAMPLE_TID | PerfEventConfig.SAMPLE_TIME
            | PerfEventConfig.SAMPLE_ID | PerfEventConfig.SAMPLE_STREAM_ID
            | PerfEventConfig.SAMPLE_CPU | PerfEventConfig.SAMPLE_IDENTIFIER;

    private final PerfEvent event = new PerfEvent();

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int read(byte[] bytes, long sampleType) {
        return PerfEventReader.read(le(bytes), 0, bytes.length,
                PerfEventConfig.DEFAULT.withSampleType(sampleType), event);
    }

    @Test
    void shouldReadMmapFieldsAndPaddedFileName() {
        byte[] bytes = new PerfRecords(PerfEventConfig.SAMPLE_TIME)
                .mmap(0, 1, 2, 0xa000, 0x1000, 0x100, "abc.bin", Sample.time(7)).bytes();

        assertEquals(bytes.length, read(bytes, PerfEventConfig.SAMPLE_TIME));
        assertEquals(PerfRecordType.MMAP, event.type());
        assertEquals(1, event.pid());
        assertEquals(2, event.tid());
        assertEquals(0xa000, event.addr());
        assertEquals(0x1000, event.len());
        assertEquals(0x100, event.pgoff());
        assertEquals("abc.bin", event.string());
        assertTrue(event.hasSampleTime());
        assertEquals(7, event.sampleTime());
        assertEquals(7, event.tsc());
        assertFalse(event.hasSamplePid());
    }

    @Test
    void shouldReadSampleTrailerInKernelOrder() {
        byte[] bytes = new PerfRecords(ALL)
                .itraceStart(1, 2, new Sample(3, 4, 5, 6, 7, 8, 9)).bytes();

        assertEquals(8 + 8 + 48, read(bytes, ALL));
        assertEquals(3, event.samplePid());
        assertEquals(4, event.sampleTid());
        assertEquals(5, event.sampleTime());
        assertEquals(6, event.sampleId());
        assertEquals(7, event.sampleStreamId());
        assertEquals(8, event.sampleCpu());
        assertEquals(9, event.sampleIdentifier());
    }

    @Test
    void shouldReadEveryFixedSizeRecordType() {
        byte[] bytes = new PerfRecords(0)
                .lost(3, 8, null)
                .exit(2, 1, 3, 4, 0x55, null)
                .fork(5, 6, 7, 8, 0x66, null)
                .aux(0xb000, 0x700, 1, null)
                .lostSamples(9, null)
                .switchTask(true, null)
                .switchCpuWide(false, 8, 9, null)
                .throttle(PerfRecordType.THROTTLE, 1, 2, 3, null)
                .bytes();
        ByteBuffer buffer = le(bytes);
        int pos = 0;
        int[] types = {PerfRecordType.LOST, PerfRecordType.EXIT, PerfRecordType.FORK,
            PerfRecordType.AUX, PerfRecordType.LOST_SAMPLES, PerfRecordType.SWITCH,
            PerfRecordType.SWITCH_CPU_WIDE, PerfRecordType.THROTTLE};
        int[] sizes = {24, 32, 32, 32, 16, 8, 16, 32};
        for (int i = 0; i < types.length; ++i) {
            int size = PerfEventReader.read(buffer, pos, bytes.length, PerfEventConfig.DEFAULT,
                    event);
            assertEquals(sizes[i], size, "record " + i);
            assertEquals(types[i], event.type());
            switch (event.type()) {
                case PerfRecordType.LOST -> {
                    assertEquals(3, event.id());
                    assertEquals(8, event.lost());
                }
                case PerfRecordType.EXIT -> {
                    assertEquals(2, event.pid());
                    assertEquals(1, event.ppid());
                    assertEquals(3, event.tid());
                    assertEquals(4, event.ptid());
                    assertEquals(0x55, event.recordTime());
                }
                case PerfRecordType.FORK -> assertEquals(0x66, event.recordTime());
                case PerfRecordType.AUX -> {
                    assertEquals(0xb000, event.auxOffset());
                    assertEquals(0x700, event.auxSize());
                    assertEquals(1, event.auxFlags());
                }
                case PerfRecordType.LOST_SAMPLES -> assertEquals(9, event.lost());
                case PerfRecordType.SWITCH ->
                        assertEquals(PerfRecordType.MISC_SWITCH_OUT, event.misc());
                case PerfRecordType.SWITCH_CPU_WIDE -> {
                    assertEquals(8, event.nextPrevPid());
                    assertEquals(9, event.nextPrevTid());
                }
                case PerfRecordType.THROTTLE -> {
                    assertEquals(1, event.recordTime());
                    assertEquals(2, event.id());
                    assertEquals(3, event.streamId());
                }
                default -> throw new AssertionError(event.type());
            }
            pos += size;
        }
        assertEquals(-PtError.EOS.code(), PerfEventReader.read(buffer, pos, bytes.length,
                PerfEventConfig.DEFAULT, event));
    }

    @Test
    void shouldReadMmap2AndComm() {
        byte[] bytes = new PerfRecords(0)
                .mmap2(1, 2, 0x400000, 0x2000, 0, 8, 1, 77, 3, 5, 2, "/bin/true", null)
                .comm(PerfRecordType.MISC_COMM_EXEC, 4, 4, "true", null)
                .bytes();
        ByteBuffer buffer = le(bytes);
        int size = PerfEventReader.read(buffer, 0, bytes.length, PerfEventConfig.DEFAULT, event);
        assertEquals(PerfRecordType.MMAP2, event.type());
        assertEquals(8, event.maj());
        assertEquals(1, event.min());
        assertEquals(77, event.ino());
        assertEquals(3, event.inoGeneration());
        assertEquals(5, event.prot());
        assertEquals(2, event.flags());
        assertEquals("/bin/true", event.string());

        assertEquals(24, PerfEventReader.read(buffer, size, bytes.length, PerfEventConfig.DEFAULT,
                event));
        assertEquals(PerfRecordType.COMM, event.type());
        assertEquals("true", event.string());
    }

    @Test
    void shouldReturnEosForTruncatedHeaderOrRecord() {
        byte[] bytes = new PerfRecords(0).itraceStart(1, 1, null).bytes();

        assertEquals(-PtError.EOS.code(), PerfEventReader.read(le(bytes), 0, 7,
                PerfEventConfig.DEFAULT, event));
        assertEquals(-PtError.EOS.code(), PerfEventReader.read(le(bytes), 0, bytes.length - 1,
                PerfEventConfig.DEFAULT, event));
    }

    @Test
    void shouldReturnEosForZeroType() {
        byte[] bytes = new PerfRecords(0).raw(0, 0, 0, 0, 0, 0, 8, 0).bytes();

        assertEquals(-PtError.EOS.code(), read(bytes, 0));
    }

    @Test
    void shouldReturnNosyncForSizeSmallerThanHeader() {
        byte[] bytes = new PerfRecords(0).raw(12, 0, 0, 0, 0, 0, 4, 0).bytes();

        assertEquals(-PtError.NOSYNC.code(), read(bytes, 0));
    }

    @Test
    void shouldReturnNosyncWhenSampleTypeDoesNotMatchRecordSize() {
        byte[] bytes = new PerfRecords(PerfEventConfig.SAMPLE_TIME)
                .itraceStart(1, 1, Sample.time(1)).bytes();

        assertEquals(-PtError.NOSYNC.code(), read(bytes, 0));
        assertEquals(-PtError.NOSYNC.code(), read(bytes,
                PerfEventConfig.SAMPLE_TIME | PerfEventConfig.SAMPLE_ID));
    }

    @Test
    void shouldReturnBadPacketForUnterminatedString() {
        ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(1).putInt(1).put("abcdefgh".getBytes());
        byte[] bytes = new PerfRecords(0).record(PerfRecordType.COMM, 0, body, null).bytes();

        assertEquals(-PtError.BAD_PACKET.code(), read(bytes, 0));
    }

    @Test
    void shouldReturnBadConfigForTimeWithZeroMultiplier() {
        byte[] bytes = new PerfRecords(PerfEventConfig.SAMPLE_TIME)
                .itraceStart(1, 1, Sample.time(5)).bytes();

        assertEquals(-PtError.BAD_CONFIG.code(), PerfEventReader.read(le(bytes), 0, bytes.length,
                new PerfEventConfig(PerfEventConfig.SAMPLE_TIME, 0, 0, 0), event));
    }

    @Test
    void shouldSkipUnknownRecordTypeWholeWithoutSamples() {
        ByteBuffer body = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1);
        byte[] bytes = new PerfRecords(0).record(9, 0, body, null).bytes();

        assertEquals(16, read(bytes, PerfEventConfig.SAMPLE_TIME));
        assertEquals(9, event.type());
        assertFalse(event.hasSampleTime());
    }

    @Test
    void shouldReadFromOffsetInsideLargerBuffer() {
        PerfRecords records = new PerfRecords(0).lostSamples(1, null);
        int second = records.position();
        byte[] bytes = records.itraceStart(0x42, 0x43, null).bytes();

        assertEquals(16, PerfEventReader.read(le(bytes), second, bytes.length,
                PerfEventConfig.DEFAULT, event));
        assertEquals(second, event.offset());
        assertEquals(0x42, event.pid());
    }
}
