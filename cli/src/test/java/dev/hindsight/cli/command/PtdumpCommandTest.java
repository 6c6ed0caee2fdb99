package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.conformance.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtdumpCommandTest {
    private static final byte[] PSB_PSBEND = {0x02, (byte) 0x82, 0x02, (byte) 0x82, 0x02,
        (byte) 0x82, 0x02, (byte) 0x82, 0x02, (byte) 0x82, 0x02, (byte) 0x82, 0x02, (byte) 0x82,
        0x02, (byte) 0x82, 0x02, 0x23};

    @TempDir
    Path dir;

    private ToolRunner.Result ptdump(String... args) {
        return ToolRunner.run(dir, "ptdump", List.of(args));
    }

    @Test
    void shouldDumpRelativeToWorkingDirectory() throws IOException {
        Files.write(dir.resolve("t.pt"), PSB_PSBEND);
        ToolRunner.Result r = ptdump("t.pt");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertEquals("0000000000000000  psb\n0000000000000010  psbend\n", r.out());
    }

    @Test
    void shouldDumpAByteRange() throws IOException {
        Files.write(dir.resolve("t.pt"), PSB_PSBEND);
        ToolRunner.Result r = ptdump("--no-sync", "t.pt:16");
        assertEquals("0000000000000000  psbend\n", r.out());
    }

    @Test
    void shouldFailWithOneLineNamingMissingEmptyOrDirectoryFile() throws IOException {
        ToolRunner.Result missing = ptdump("none.pt");
        assertEquals(ExitCodes.FAILURE, missing.exitCode());
        assertTrue(missing.err().contains("none.pt") && missing.err().lines().count() == 1,
                missing.err());
        Files.createFile(dir.resolve("empty.pt"));
        ToolRunner.Result empty = ptdump("empty.pt");
        assertEquals(ExitCodes.FAILURE, empty.exitCode());
        assertTrue(empty.err().contains("empty.pt") && empty.err().lines().count() == 1, empty.err());
        Files.createDirectory(dir.resolve("d"));
        ToolRunner.Result d = ptdump("d");
        assertEquals(ExitCodes.FAILURE, d.exitCode());
        assertTrue(d.err().contains("d: is a directory"), d.err());
    }

    @Test
    void shouldExitWithUsageCodeOnBadOptions() throws IOException {
        Files.write(dir.resolve("t.pt"), PSB_PSBEND);
        assertEquals(ExitCodes.USAGE, ptdump("--bogus", "t.pt").exitCode());
        assertEquals(ExitCodes.USAGE, ptdump("--mtc-freq", "300", "t.pt").exitCode());
        assertEquals(ExitCodes.USAGE, ptdump("--cpu", "six", "t.pt").exitCode());
        assertEquals(ExitCodes.USAGE, ptdump("--time", "--tcal", "t.pt").exitCode());
        assertEquals(ExitCodes.USAGE, ptdump().exitCode());
    }

    @Test
    void shouldReportUnknownCpuAndDecodePerSpec() throws IOException {
        Files.write(dir.resolve("t.pt"), PSB_PSBEND);
        ToolRunner.Result r = ptdump("--cpu", "0/0", "t.pt");
        assertEquals(ExitCodes.OK, r.exitCode());
        assertTrue(r.out().startsWith("[0: failed to determine errata: unknown cpu]\n"
                + "0000000000000000  psb\n"), r.out());
    }
}
