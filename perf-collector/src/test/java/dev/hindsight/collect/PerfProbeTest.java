package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerfProbeTest {
    @Test
    void shouldOpenSoftwareEventsAndNameTheErrnoOfWhatFails() {
        List<String> lines = PerfProbe.probe();
        assertEquals(3, lines.size());
        assertEquals("perf_event_open software task-clock: yes", lines.get(0));
        for (String l : lines) {
            assertTrue(l.endsWith(": yes") || l.matches(".*: no \\([A-Za-z0-9 ]+.*\\)"), l);
        }
    }
}
