package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Gap bridging (spec §9.7) as FunctionCallBuilder.build() runs it. */
class GapBridgeTest {
    private static final Map<String, Long> BASE = Map.of("main", 0x1000L, "fun1", 0x2000L, "fun2", 0x3000L,
            "other", 0x4000L);

    private static final SymbolLookup LOOKUP = pc -> BASE.entrySet().stream()
            .filter(e -> e.getValue() == (pc & ~0xfffL)).findFirst()
            .map(e -> FunctionSymbol.minimal(e.getKey(), e.getValue())).orElse(null);

    private static FunctionCallHistory run(String... steps) {
        FunctionCallBuilder b = new FunctionCallBuilder(LOOKUP);
        Map<String, Long> pcs = new HashMap<>();
        for (String step : steps) {
            if (step.equals("gap")) {
                b.gap(-13);
                continue;
            }
            String[] p = step.split(":");
            int n = Integer.parseInt(p[1]);
            for (int i = 0; i < n; i++) {
                long pc = BASE.get(p[0]) + pcs.merge(p[0], 1L, Long::sum) - 1;
                b.instruction(pc, 1, i == n - 1 && p.length > 2 ? InsnKind.valueOf(p[2]) : InsnKind.OTHER);
            }
        }
        return b.build();
    }

    private static List<String> levels(FunctionCallHistory h) {
        List<String> r = new ArrayList<>();
        for (int s = 1; s <= h.segmentCount(); s++) {
            r.add(h.errcode(s) != 0 ? "gap" : "  ".repeat(h.level(s)) + h.symbol(s).printName());
        }
        return r;
    }

    @Test
    void shouldLinkTheSameFunctionAcrossAGap() {
        FunctionCallHistory h = run("main:2:CALL", "fun1:2", "gap", "fun1:1:RETURN", "main:1");
        assertEquals(List.of("main", "  fun1", "gap", "  fun1", "main"), levels(h));
        assertEquals(4, h.next(2), "fun1 continues after the gap");
        assertEquals(2, h.prev(4));
        assertEquals(5, h.next(1), "main's instance continues in segment 5");
    }

    @Test
    void shouldShiftLevelsAfterTheGapToMatchTheBestCallerChain() {
        // After the gap fun2 returns to fun1 and fun1 to main: without bridging they would sit one
        // level too high; bridged, fun1 and main line up with their instances before the gap.
        FunctionCallHistory h = run("main:1:CALL", "fun1:2", "gap", "fun2:1:RETURN", "fun1:1:RETURN", "main:1");
        assertEquals(List.of("main", "  fun1", "gap", "    fun2", "  fun1", "main"), levels(h));
        assertEquals(5, h.next(2));
        assertEquals(6, h.next(1));
    }

    @Test
    void shouldLeaveAGapAloneWhenNothingMatches() {
        FunctionCallHistory h = run("main:1:CALL", "fun1:2", "gap", "other:2");
        assertEquals(List.of("main", "  fun1", "gap", "  other"), levels(h));
        assertEquals(0, h.prev(4));
        assertEquals(0, h.next(2));
    }

    @Test
    void shouldIgnoreGapsAtTheStartAndRunsOfGaps() {
        FunctionCallHistory h = run("gap", "main:1:CALL", "fun1:1", "gap", "gap", "fun1:1:RETURN", "main:1");
        assertEquals(List.of("gap", "main", "  fun1", "gap", "gap", "  fun1", "main"), levels(h));
        assertEquals(6, h.next(3), "the leftmost gap of a run is bridged to the first segment after the run");
    }
}
