package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the event decoder on the libipt conformance traces against what ptxed printed:
 * ptxed's block decoder sits on this layer, so its overflows and its event-layer errors must be
 * ours.
 */
class EventDecoderConformanceTest {
    private static List<ConformanceTraces.Trace> traces;

    @BeforeAll
    static void load() {
        traces = ConformanceTraces.all();
        assertTrue(traces.size() > 150, "conformance traces found: " + traces.size());
    }

    @Test
    void shouldDecodeEveryTraceWithoutInternalErrors() {
        List<String> bad = new ArrayList<>();
        for (ConformanceTraces.Trace t : traces) {
            for (String line : ConformanceTraces.dumpEvents(t.bytes(), t.config())) {
                if (line.contains("internal error") || line.contains("out of memory")
                        || line.contains("decoder out of sync")) {
                    bad.add(t.name() + ": " + line);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void shouldReportAsManyOverflowsAsPtxed() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (ConformanceTraces.Trace t : traces) {
            if (!t.hasPtxed()) {
                continue;
            }
            long expected = Files.readAllLines(t.ptxedExpected()).stream()
                    .filter(l -> l.matches("\\[([0-9a-f]+\\s+)?overflow.*")).count();
            long actual = ConformanceTraces.dumpEvents(t.bytes(), t.config()).stream()
                    .filter(l -> l.startsWith("overflow")).count();
            if (expected != actual) {
                mismatches.add(t.name() + ": expected " + expected + ", got " + actual);
            }
            checked++;
        }
        assertTrue(checked > 100, "traces with ptxed output: " + checked);
        assertEquals(List.of(), mismatches);
    }

    @Test
    void shouldFailWhereAndHowPtxedFails() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int errors = 0;
        for (ConformanceTraces.Trace t : traces) {
            if (!t.hasPtxed()) {
                continue;
            }
            List<String> expected = Files.readAllLines(t.ptxedExpected());
            for (String line : ConformanceTraces.dumpEvents(t.bytes(), t.config())) {
                if (!line.startsWith("error @")) {
                    continue;
                }
                errors++;
                String offset = line.substring("error @".length(), line.indexOf(':'));
                String message = line.substring(line.indexOf(": ") + 2);
                boolean found = expected.stream().anyMatch(
                        l -> l.startsWith("[" + offset + ", ") && l.endsWith("error: " + message + "]"));
                if (!found) {
                    mismatches.add(t.name() + ": " + line);
                }
            }
        }
        assertTrue(errors > 0, "no event-layer errors in traces with ptxed output");
        assertEquals(List.of(), mismatches);
    }
}
