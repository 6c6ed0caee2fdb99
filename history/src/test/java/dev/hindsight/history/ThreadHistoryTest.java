package dev.hindsight.history;

import static dev.hindsight.history.BtsFixture.CALLS;
import static dev.hindsight.history.BtsFixture.CALLS_RECORDS;
import static dev.hindsight.history.BtsFixture.SYMBOLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadHistoryTest {
    private static List<String> entries(ThreadHistory h, long from, long to) {
        List<String> r = new ArrayList<>();
        h.window(from, to, (n, st) -> r.add(n + (st.gap ? ":gap" + st.errcode : ":" + Long.toHexString(st.ip))) || true);
        return r;
    }

    @Test
    void shouldNumberBtsInstructionsAndEndAtTheCurrentInstruction() {
        ThreadHistory h = BtsFixture.history(CALLS, SYMBOLS, -1, CALLS_RECORDS);
        assertEquals(11, h.calls().instructionCount());
        assertTrue(h.hasCurrentInstruction());
        assertEquals(11, h.endNumber());
        assertEquals(10, h.recordedInstructions());
        assertEquals(4, h.functionCount(), "the trailing segment holding only the current instruction is not counted");
        assertEquals("Branch Trace Store", h.formatName());
    }

    @Test
    void shouldReDecodeAnyWindowFromCheckpoints() {
        ThreadHistory h = BtsFixture.history(CALLS, SYMBOLS, -1, CALLS_RECORDS);
        assertEquals(List.of("4:1013", "5:1014", "6:1006", "7:1007", "8:1010"), entries(h, 4, 8));
        assertEquals(List.of("11:100c"), entries(h, 11, 99));
        assertEquals(List.of("1:1000"), entries(h, 1, 1));
    }

    @Test
    void shouldTurnBtsInconsistenciesIntoGapsWithGdbsWarnings() {
        // The block 0x1010..0x1012 ends inside mov (0x1010, 3 bytes): the walk passes its end.
        // The block at 0x1020 lies outside the image: its instruction has no size.
        ThreadHistory h = BtsFixture.history(CALLS, SYMBOLS, 0x1006, 0x2000, 0x1000, 0x1001, 0x1010, 0x1012, 0x1020,
                0x1021, 0x1006);
        assertEquals(List.of("1:1000", "2:1001", "3:1010", "4:gap1", "5:1020", "6:gap2", "7:1006"), entries(h, 1, 7));
        assertEquals(List.of("Recorded trace may be corrupted at instruction 3 (pc = 0x1013).",
                "Recorded trace may be incomplete at instruction 5 (pc = 0x1020)."), h.warnings());
        assertEquals(2, h.gapCount());
        assertEquals(6, h.recordedInstructions());
        assertTrue(h.isGap(4));
        assertFalse(h.isGap(5));
    }

    @Test
    void shouldEndAtATrailingGapAndCountIt() {
        // The newest block starts beyond its end: the trace ends with an overflow gap.
        ThreadHistory h = BtsFixture.history(CALLS, SYMBOLS, 0x1000, 0x2000, 0x1010);
        assertEquals(List.of("1:gap1"), entries(h, 1, 1));
        assertFalse(h.hasCurrentInstruction());
        assertEquals(1, h.endNumber());
        assertEquals(1, h.recordedInstructions());
    }
}
