package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.conformance.ToolRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidebandOptionsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void writeTrace() throws IOException {
        ByteBuffer pt = ByteBuffer.allocate(26);
        for (int i = 0; i < 8; ++i) {
            pt.put((byte) 0x02).put((byte) 0x82);
        }
        pt.put((byte) 0x19).put((byte) 5).put(new byte[6]); // tsc 5
        pt.put((byte) 0x02).put((byte) 0x23); // psbend
        Files.write(dir.resolve("t.pt"), pt.array());
    }

    // PERF_RECORD_LOST_SAMPLES with a time sample.
    private static byte[] lostSamples(long... times) {
        ByteBuffer b = ByteBuffer.allocate(24 * times.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < times.length; ++i) {
            b.putInt(13).putShort((short) 0).putShort((short) 24).putLong(i + 1).putLong(times[i]);
        }
        return b.array();
    }

    private ToolRunner.Result ptdump(String... args) {
        return ToolRunner.run(dir, "ptdump", Arrays.asList(args));
    }

    @Test
    void shouldInterleaveRecordsByTimeAndPrintTheRestAtTheEnd() throws IOException {
        Files.write(dir.resolve("a.sb"), lostSamples(3, 9));

        ToolRunner.Result r = ptdump("--sb", "--sb:offset", "--pevent:sample-type", "0x4",
                "--pevent:primary", "a.sb", "t.pt");

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertEquals(List.of(
                "0000000000000000  psb",
                "0000000000000000  PERF_RECORD_LOST_SAMPLES  1  { 3 }",
                "0000000000000010  tsc        5",
                "0000000000000018  psbend",
                "0000000000000018  PERF_RECORD_LOST_SAMPLES  2  { 9 }"), r.out().lines().toList());
    }

    @Test
    void shouldApplySettingsOnlyToFilesAfterThem() throws IOException {
        Files.write(dir.resolve("a.sb"), lostSamples(7));
        Files.write(dir.resolve("b.sb"), lostSamples(7));

        ToolRunner.Result r = ptdump("--sb:filename", "--sb", "--pevent:sample-type", "0x4",
                "--pevent:time-mult", "0x1", "--pevent:secondary", "a.sb",
                "--pevent:time-mult", "0x2", "--pevent:time-shift", "0x2", "--pevent", "b.sb",
                "t.pt");

        // b.sb's time 7 is TSC 7 / 2 << 2 + (7 % 2 << 2) / 2 = 14: after the trace.
        assertEquals(List.of(
                "0000000000000000  psb",
                "0000000000000010  tsc        5",
                "0000000000000018  psbend",
                "a.sb  PERF_RECORD_LOST_SAMPLES  1  { 7 }",
                "b.sb  PERF_RECORD_LOST_SAMPLES  1  { 7 }"), r.out().lines().toList());
    }

    @Test
    void shouldPrintRecordsWithoutTimeFirst() throws IOException {
        Files.write(dir.resolve("a.sb"), lostSamples(7));

        ToolRunner.Result r = ptdump("--sb:verbose", "--pevent:primary", "a.sb:0x0-0x10",
                "t.pt");

        // The range cuts the record: the stream ends before its first record.
        assertEquals(List.of("0000000000000000  psb", "0000000000000010  tsc        5",
                "0000000000000018  psbend"), r.out().lines().toList());
    }

    @Test
    void shouldFailWithOneLineForMissingSidebandFile() {
        ToolRunner.Result r = ptdump("--pevent:primary", "missing.sb", "t.pt");

        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertEquals("hindsight: error loading missing.sb: bad file", r.err().strip());
    }

    @Test
    void shouldRejectBadNumberAsUsageError() {
        ToolRunner.Result r = ptdump("--pevent:time-shift", "0x10000", "t.pt");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertEquals(true, r.err().contains("--pevent:time-shift: value too big: 0x10000"),
                r.err());
    }
}
