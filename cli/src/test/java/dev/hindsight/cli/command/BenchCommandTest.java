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

class BenchCommandTest {
    @TempDir
    Path dir;

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
}
