package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.sideband.PerfRecords.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PerfEventPrinterTest {
    private final PerfEvent event = new PerfEvent();

    private String print(byte[] bytes, long sampleType, int flags) {
        PerfEventFile file = PerfEventFile.of("f.sb", bytes);
        PerfEventConfig config = PerfEventConfig.DEFAULT.withSampleType(sampleType);
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (;;) {
            int size = PerfEventReader.read(file.buffer(), pos, file.size(), config, event);
            if (size < 0) {
                return out.toString();
            }
            PerfEventPrinter.print(event, flags, file.name(), pos, out);
            pos += size;
        }
    }

    private static List<String> printAll(PeventSuite.SbFile sb, int flags) {
        PerfEventFile file = PerfEventFile.map(sb.path().getFileName().toString(), sb.path(), 0, 0);
        PerfEvent event = new PerfEvent();
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (;;) {
            int size = PerfEventReader.read(file.buffer(), pos, file.size(), sb.config(), event);
            if (size < 0) {
                return PeventSuite.normalizedLines(out.toString());
            }
            PerfEventPrinter.print(event, flags, file.name(), pos, out);
            pos += size;
        }
    }

    // The sideband lines of an expected ptdump output, in order: records and verbose fields.
    private static List<String> sidebandLines(Path exp) {
        List<String> lines = new ArrayList<>();
        for (String line : PeventSuite.normalizedLines(exp)) {
            if (line.contains("PERF_RECORD") || line.startsWith(" ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    @TestFactory
    Stream<DynamicTest> shouldPrintEveryRecordOfThePeventSuiteAsPtdumpDoes() {
        return PeventSuite.tests().stream().map(test -> DynamicTest.dynamicTest(
                test.getFileName().toString(), () -> {
                    Path exp = PeventSuite.expected(test, "ptdump");
                    boolean verbose = test.getFileName().toString().contains("verbose");
                    int flags = verbose
                            ? SidebandPrint.VERBOSE | SidebandPrint.FILE_OFFSET | SidebandPrint.TSC
                            : SidebandPrint.COMPACT | SidebandPrint.FILE_OFFSET;
                    List<String> expected = sidebandLines(exp);
                    List<String> printed = new ArrayList<>();
                    for (PeventSuite.SbFile sb : PeventSuite.sideband(test)) {
                        List<String> lines = printAll(sb, flags);
                        assertSubsequence(lines, expected);
                        printed.addAll(lines);
                    }
                    assertEquals(expected.size(), printed.size(), "sideband lines in " + exp);
                }));
    }

    private static void assertSubsequence(List<String> lines, List<String> expected) {
        int at = 0;
        for (String line : lines) {
            while (at < expected.size() && !expected.get(at).equals(line)) {
                ++at;
            }
            assertEquals(true, at < expected.size(), "not in expected output (in order): "
                    + line + "\nexpected: " + expected);
            ++at;
        }
    }

    @Test
    void shouldPrintMmap2Compact() {
        byte[] bytes = new PerfRecords(PerfEventConfig.SAMPLE_TID)
                .mmap2(1, 2, 0x400000, 0x2000, 0x10, 8, 1, 0x4d, 3, 5, 2, "/bin/true",
                        Sample.of(1, 2, 0))
                .bytes();

        assertEquals("PERF_RECORD_MMAP2  1/2, 400000, 2000, 10, 8, 1, 4d, 3, 5, 2, /bin/true"
                + "  { 1/2 }\n", print(bytes, PerfEventConfig.SAMPLE_TID, SidebandPrint.COMPACT));
    }

    @Test
    void shouldPrintMmap2Verbose() {
        byte[] bytes = new PerfRecords(0)
                .mmap2(1, 2, 0x400000, 0x2000, 0x10, 8, 1, 0x4d, 3, 5, 2, "/bin/true", null)
                .bytes();

        assertEquals("PERF_RECORD_MMAP2\n  pid: 1\n  tid: 2\n  addr: 400000\n  len: 2000\n"
                + "  pgoff: 10\n  maj: 8\n  min: 1\n  ino: 4d\n  ino_generation: 3\n  prot: 5\n"
                + "  flags: 2\n  filename: /bin/true\n",
                print(bytes, 0, SidebandPrint.VERBOSE));
    }

    @Test
    void shouldPrintThrottleAndUnknownRecords() {
        java.nio.ByteBuffer body = java.nio.ByteBuffer.allocate(8);
        byte[] bytes = new PerfRecords(0)
                .throttle(PerfRecordType.THROTTLE, 1, 2, 3, null)
                .throttle(PerfRecordType.UNTHROTTLE, 4, 5, 6, null)
                .record(0x42, 0x3, body.putLong(0), null)
                .bytes();

        assertEquals("PERF_RECORD_THROTTLE  1, 2, 3  { }\nPERF_RECORD_UNTHROTTLE  4, 5, 6  { }\n"
                + "UNKNOWN (42, 3)  { }\n", print(bytes, 0, SidebandPrint.COMPACT));
        assertEquals("UNKNOWN\n  type: 42\n  misc: 3\n",
                print(new PerfRecords(0).record(0x42, 0x3, body, null).bytes(), 0,
                        SidebandPrint.VERBOSE));
    }

    @Test
    void shouldPrintFileNameAndOffsetAndTsc() {
        byte[] bytes = new PerfRecords(PerfEventConfig.SAMPLE_TIME)
                .lostSamples(1, Sample.time(0x20)).lostSamples(2, Sample.time(0x30)).bytes();

        assertEquals("f.sb:0000000000000000  0000000000000020  PERF_RECORD_LOST_SAMPLES  1  { 20 }\n"
                + "f.sb:0000000000000018  0000000000000030  PERF_RECORD_LOST_SAMPLES  2  { 30 }\n",
                print(bytes, PerfEventConfig.SAMPLE_TIME, SidebandPrint.COMPACT
                        | SidebandPrint.FILENAME | SidebandPrint.FILE_OFFSET | SidebandPrint.TSC));
        assertEquals("f.sb  PERF_RECORD_LOST_SAMPLES  1  { 20 }\n"
                + "f.sb  PERF_RECORD_LOST_SAMPLES  2  { 30 }\n",
                print(bytes, PerfEventConfig.SAMPLE_TIME,
                        SidebandPrint.COMPACT | SidebandPrint.FILENAME));
    }

    @Test
    void shouldPrintNothingWithoutFlags() {
        byte[] bytes = new PerfRecords(0).lostSamples(1, null).bytes();

        assertEquals("", print(bytes, 0, 0));
    }

    @Test
    void shouldPrintCpuSampleWithPrefixInCompactForm() {
        long type = PerfEventConfig.SAMPLE_CPU | PerfEventConfig.SAMPLE_STREAM_ID;
        byte[] bytes = new PerfRecords(type)
                .itraceStart(1, 1, new Sample(0, 0, 0, 0, 7, 3, 0)).bytes();

        assertEquals("PERF_RECORD_ITRACE_START  1/1  { cpu-3 7 }\n",
                print(bytes, type, SidebandPrint.COMPACT));
    }
}
