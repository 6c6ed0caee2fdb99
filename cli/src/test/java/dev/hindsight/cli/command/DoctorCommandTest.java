package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    @Test
    void shouldReportEachMethodWithReasonAndTheAutoChoice() {
        StringWriter out = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(
                new StringWriter(), true)).execute("doctor");
        assertEquals(0, code);
        String text = out.toString();
        boolean pt = Files.isDirectory(Path.of("/sys/bus/event_source/devices/intel_pt"));
        assertTrue(text.contains("\npt: " + (pt ? "yes" : "no") + " - "), text);
        assertTrue(text.contains("\nbts: "), text);
        assertTrue(text.contains("\nsw: yes - single-stepping with ptrace"), text);
        assertTrue(text.startsWith("cpu: "), text);
        assertTrue(text.contains("perf_event_paranoid: "), text);
        assertTrue(text.contains("RLIMIT_MEMLOCK: "), text);
        assertTrue(text.contains("\nauto: "), text);
    }
}
