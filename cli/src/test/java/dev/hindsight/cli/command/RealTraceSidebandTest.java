package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.conformance.ToolRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ptxed on a hardware trace whose only memory image comes from its perf_event sideband: the
 * sideband starts tracing in the process (ITRACE_START), execs it (COMM.EXEC) and maps the
 * program (MMAP2 of {@code /hello}, found through {@code --pevent:sysroot}). Recording
 * parameters are those given in {@code ../shared/realtraces/README.md}.
 */
class RealTraceSidebandTest {

    @Test
    void shouldDecodeDynamorioTraceWithImageFromSideband() {
        String shared = System.getProperty("hindsight.shared");
        Path dir = Path.of(shared, "realtraces", "dynamorio-test_simple");
        assertTrue(Files.isDirectory(dir), "missing real trace: " + dir);

        ToolRunner.Result r = ToolRunner.run(dir, "ptxed", List.of(
                "--cpu", "6/85", "--mtc-freq", "3", "--nom-freq", "37",
                "--cpuid-0x15.eax", "2", "--cpuid-0x15.ebx", "308",
                "--sb:compact", "--sb:switch",
                "--pevent:sample-type", "0x10086", "--pevent:time-zero", "18444502336406842448",
                "--pevent:time-shift", "31", "--pevent:time-mult", "581029125",
                "--pevent:sysroot", dir.toString(),
                "--pevent:primary", "primary.sideband.pevent",
                "--pevent:secondary", "secondary.sideband.pevent",
                "--pt", "pt.bin", "--no-inst"));

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("0000000000401000", "0000000000401005", "000000000040100a",
                "0000000000401014", "0000000000401019", "000000000040101b", "0000000000401020",
                "0000000000401025"),
                lines.stream().filter(l -> l.matches("[0-9a-f]{16}")).toList());
        assertTrue(lines.contains("[context: pid-36af7]"), r.out());
        assertTrue(lines.contains("PERF_RECORD_MMAP2  36af7/36af7, 401000, 1000, 1000, fe, 1, "
                + "ca151d, 99fbc2b2, 5, 2, /hello  { 36af7/36af7 4ec21f917bafc cpu-9 371 }"),
                r.out());
        // No vdso file was given: libipt reports the [vdso] mapping and goes on.
        assertEquals(List.of("[primary.sideband.pevent:0000000000000100 sideband error: "
                + "bad configuration]"), lines.stream().filter(l -> l.contains("sideband")).toList());
    }
}
