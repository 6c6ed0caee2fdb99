package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.conformance.ToolRunner;
import dev.hindsight.fixtures.FixtureBundle;
import dev.hindsight.fixtures.GroundTruth;
import dev.hindsight.fixtures.GroundTruthRecorder;
import dev.hindsight.fixtures.ProgramBuilder;
import dev.hindsight.fixtures.TestProgram;
import dev.hindsight.fixtures.ThreadTrace;
import dev.hindsight.fixtures.pt.PtEncoderConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each thread of a multi-threaded recording is browsed on its own, named as gdb names it. */
class BundleThreadsTest {
    @TempDir
    Path dir;

    @Test
    void shouldRecordEachThreadOfATwoThreadProgramWithItsOwnHistory() throws Exception {
        GroundTruth gt = new GroundTruthRecorder(5_000_000).record(ProgramBuilder.shared()
                .build(TestProgram.THREADS, TestProgram.THREADS.preferredLinkage()));
        assertEquals(2, gt.threads().size());
        FixtureBundle.write(gt, FixtureBundle.Encoding.PT, PtEncoderConfig.DEFAULT, dir.resolve("t.hsb"));
        for (int i = 0; i < 2; i++) {
            ThreadTrace t = gt.threads().get(i);
            ToolRunner.Result r = ToolRunner.run(dir, "info-record",
                    List.of("--bundle", "t.hsb", "--tid", Integer.toString(t.tid())));
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("Recorded " + t.size() + " instructions in "), r.out());
            assertTrue(r.out().contains(" for thread " + (i + 1) + " (LWP " + t.tid() + ")."), r.out());
        }
    }

    @Test
    void shouldBrowseEachThreadOfASwRecordingOfATwoThreadProgram() throws Exception {
        Path program = ProgramBuilder.shared().build(TestProgram.THREADS, TestProgram.THREADS.preferredLinkage())
                .executable();
        ToolRunner.Result rec = ToolRunner.run(dir, "record",
                List.of("-m", "sw", "-o", "sw.hsb", "--", program.toString()));
        assertEquals(0, rec.exitCode(), rec.err());
        assertTrue(rec.out().contains("2 threads"), rec.out());
        ToolRunner.Result info = ToolRunner.run(dir, "bundle", List.of("info", "sw.hsb"));
        List<Integer> tids = info.out().lines().filter(l -> l.startsWith("  thread "))
                .map(l -> Integer.parseInt(l.substring(9, l.indexOf(':')))).toList();
        assertEquals(2, tids.size(), info.out());
        for (int i = 0; i < 2; i++) {
            ToolRunner.Result r = ToolRunner.run(dir, "function-call-history",
                    List.of("/c", "--call-history-size", "0", "--bundle", "sw.hsb", "--tid", tids.get(i).toString()));
            assertEquals(0, r.exitCode(), r.err());
            // main runs in the first thread, work() in the second (threads.c).
            assertTrue(r.out().contains(i == 0 ? "main" : "work"), r.out());
        }
    }
}
