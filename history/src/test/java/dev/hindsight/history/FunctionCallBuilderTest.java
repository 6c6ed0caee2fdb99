package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FunctionCallBuilderTest {
    /** Functions 0x1000 apart; each instruction is one byte. */
    private static final Map<Long, String> FUNCTIONS = Map.of(
            0x1000L, "main", 0x2000L, "fun1", 0x3000L, "fun2", 0x4000L, "fun3", 0x5000L, "fun4",
            0x6000L, "fib");

    private static final SymbolLookup LOOKUP = pc -> {
        String name = FUNCTIONS.get(pc & ~0xfffL);
        return name == null ? null : FunctionSymbol.minimal(name, pc & ~0xfffL);
    };

    /** Executes a script of "function:count:kind" steps, continuing each function where it left off. */
    private static FunctionCallHistory run(String... steps) {
        FunctionCallBuilder b = new FunctionCallBuilder(LOOKUP);
        Map<String, Long> pcs = new java.util.HashMap<>();
        for (String step : steps) {
            if (step.startsWith("gap")) {
                b.gap(-13);
                continue;
            }
            String[] p = step.split(":");
            long base = FUNCTIONS.entrySet().stream().filter(e -> e.getValue().equals(p[0])).findFirst()
                    .orElseThrow().getKey();
            int n = Integer.parseInt(p[1]);
            for (int i = 0; i < n; i++) {
                long pc = pcs.merge(p[0], 1L, Long::sum) - 1 + base;
                InsnKind kind = i == n - 1 && p.length > 2 ? InsnKind.valueOf(p[2]) : InsnKind.OTHER;
                b.instruction(pc, 1, kind);
            }
        }
        return b.build();
    }

    private static List<String> ci(FunctionCallHistory h) {
        List<String> lines = new ArrayList<>();
        for (int s = 1; s <= h.segmentCount(); s++) {
            String name = h.errcode(s) != 0 ? "[gap " + h.errcode(s) + "]"
                    : "  ".repeat(h.level(s)) + (h.symbol(s) == null ? "??" : h.symbol(s).printName());
            lines.add(s + " " + name + " " + h.firstInstruction(s) + "," + h.lastInstruction(s));
        }
        return lines;
    }

    @Test
    void shouldBuildGdbsFunctionCallHistoryExample() {
        FunctionCallHistory h = run("main:1:CALL", "fun4:3:CALL", "fun1:4:RETURN", "fun4:1:CALL",
                "fun2:3:CALL", "fun1:4:RETURN", "fun2:2:RETURN", "fun4:1:CALL", "fun3:3:CALL",
                "fun1:4:RETURN", "fun3:1:CALL", "fun2:3:CALL", "fun1:4:RETURN", "fun2:2:RETURN",
                "fun3:2:RETURN", "fun4:2");
        assertEquals(List.of("1 main 1,1", "2   fun4 2,4", "3     fun1 5,8", "4   fun4 9,9",
                "5     fun2 10,12", "6       fun1 13,16", "7     fun2 17,18", "8   fun4 19,19",
                "9     fun3 20,22", "10       fun1 23,26", "11     fun3 27,27", "12       fun2 28,30",
                "13         fun1 31,34", "14       fun2 35,36", "15     fun3 37,38", "16   fun4 39,40"), ci(h));
        assertEquals(40, h.instructionCount());
        assertEquals(2, h.up(3), "fun1's caller is fun4's first segment");
        assertEquals(4, h.next(2), "fun4 continues in segment 4 after fun1 returns");
        assertEquals(2, h.prev(4));
        assertEquals(1, h.up(4), "the continued fun4 keeps main as its caller");
    }

    @Test
    void shouldAddCallersNeverSeenWhenReturningOutOfARecursion() {
        // spec §5: recording started deep inside a recursion; callers appear one level up.
        FunctionCallBuilder b = new FunctionCallBuilder(LOOKUP);
        b.instruction(0x6010, 1, InsnKind.OTHER);
        b.instruction(0x6011, 1, InsnKind.RETURN);
        b.instruction(0x6020, 5, InsnKind.CALL);
        b.instruction(0x6000, 1, InsnKind.OTHER);
        b.instruction(0x6001, 1, InsnKind.RETURN);
        b.instruction(0x6025, 1, InsnKind.RETURN);
        b.instruction(0x6030, 1, InsnKind.RETURN);
        b.instruction(0x1000, 1, InsnKind.OTHER);
        FunctionCallHistory h = b.build();
        assertEquals(List.of("1       fib 1,2", "2     fib 3,3", "3       fib 4,5", "4     fib 6,6",
                "5   fib 7,7", "6 main 8,8"), ci(h));
        assertEquals(4, h.next(2), "the second fib returned into continues segment 2's instance");
        assertEquals(5, h.up(4), "the instance returns into a caller created for it");
        assertEquals(true, h.upIsReturn(4));
    }

    @Test
    void shouldGiveAGapOneNumberAndStartANewSegmentAfterIt() {
        FunctionCallHistory h = run("main:2", "gap", "main:3");
        assertEquals(List.of("1 main 1,2", "2 [gap -13] 3,3", "3 main 4,6"), ci(h));
        assertEquals(6, h.instructionCount());
        assertEquals(1, h.gapCount());
        assertEquals(2, h.segmentOf(3));
        assertEquals(3, h.segmentOf(6));
    }

    @Test
    void shouldIgnoreACallToTheNextInstruction() {
        FunctionCallBuilder b = new FunctionCallBuilder(LOOKUP);
        b.instruction(0x1000, 5, InsnKind.CALL);
        b.instruction(0x1005, 1, InsnKind.OTHER);
        assertEquals(1, b.build().segmentCount());
    }

    @Test
    void shouldTreatAJumpToAFunctionStartAsATailCall() {
        FunctionCallHistory h = run("main:1:CALL", "fun1:2:JUMP", "fun2:2:RETURN", "main:1");
        assertEquals(List.of("1 main 1,1", "2   fun1 2,3", "3     fun2 4,5", "4 main 6,6"), ci(h));
        assertEquals(true, h.upIsTailCall(3));
    }
}
