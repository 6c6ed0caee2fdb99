package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.conformance.ToolRunner;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.sideband.SidebandDiagnostics;
import dev.hindsight.pt.sideband.SidebandSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

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
    void shouldLoadKcoreIntoEveryNewProcessImage() throws IOException {
        Files.write(dir.resolve("kcore"), kcore(0xffffffff80000000L, new byte[] {1, 2, 3, 4}));
        Files.write(dir.resolve("a.sb"), lostSamples(7));
        CommandLine cl = Hindsight.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), dir);
        ParseResult parsed = cl.parseArgs("ptdump", "--pevent:kcore",
                "kcore", "--pevent:primary", "a.sb", "t.pt");
        SidebandOptions options = (SidebandOptions) parsed.subcommand().commandSpec().mixins()
                .get("sideband").userObject();

        SidebandSession session = options.open((Hindsight) cl.getCommand(), new SectionCache(),
                SidebandDiagnostics.IGNORE);

        byte[] two = new byte[2];
        assertEquals(2, session.context(1).image().read(two, 2, 0xffffffff80000002L, Asid.ANY));
        assertEquals(3, two[0]);
    }

    // A 64-bit ELF core with one PT_LOAD segment holding data at vaddr.
    private static byte[] kcore(long vaddr, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(120 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0);
        b.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0)
                .putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        b.putInt(1).putInt(5).putLong(120).putLong(vaddr).putLong(vaddr)
                .putLong(data.length).putLong(data.length).putLong(0x1000);
        b.put(data);
        return b.array();
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
