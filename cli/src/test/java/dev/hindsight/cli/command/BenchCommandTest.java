package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.conformance.ToolRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    static Path dir;
    private static Path prog;

    @Test
    void shouldPrintSizePacketsAndThroughputPerFile() throws IOException {
        byte[] trace = new byte[64];
        for (int i = 0; i < 16; i += 2) {
            trace[i] = 0x02;
            trace[i + 1] = (byte) 0x82;
        }
        Files.write(dir.resolve("t.pt"), trace);
        ToolRunner.Result r = ToolRunner.run(dir, "bench",
                List.of("packets", "--runs", "1", "--warmup", "0", "t.pt"));
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("t.pt: 64 bytes, 49 packets, 0 errors: median "), r.out());
        assertTrue(r.out().contains("MB/s"), r.out());
    }

    @Test
    void shouldRejectZeroRuns() {
        ToolRunner.Result r = ToolRunner.run(dir, "bench",
                List.of("packets", "--runs", "0", "t.pt"));
        assertEquals(ExitCodes.USAGE, r.exitCode());
    }

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path src = dir.resolve("p.c");
        Files.writeString(src, "int main(void) { return 0; }\n");
        prog = dir.resolve("p");
        assertEquals(0, new ProcessBuilder("gcc", "-O1", "-static", "-o", prog.toString(),
                src.toString()).inheritIO().start().waitFor());
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    @Test
    void shouldPrintTheEnginesStepRate() {
        String out = run("bench", "step", "--", prog.toString());
        assertTrue(out.matches("engine: [1-9][0-9]* steps in [0-9.]+ s: [0-9]+ steps/s\\s*"), out);
    }

    @Test
    void shouldPrintTheRecordersStepRate() {
        String out = run("bench", "step", "--record", "--", prog.toString());
        assertTrue(out.startsWith("sw recorder: "), out);
    }
}
