package dev.hindsight.history.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.history.ThreadHistory;
import dev.hindsight.history.TraceInput;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** PT histories through Hindsight's flow decoder: libipt conformance traces and real (libxdc) traces. */
class FlowInstructionSourceTest extends PtInstructionSourceContract {
    @Override
    TraceInput input() {
        return new TraceInput();
    }

    @Override
    String overflowOffset() {
        return "0x27";
    }

    @Override
    String decodeErrorOffset() {
        return "0x1e";
    }

    @Test
    void shouldGiveTheSameEntriesFromEveryCheckpointAsInOnePass() throws Exception {
        Path unzip = LIBXDC.resolve("Unzip");
        try (TraceInput.Opened o = new TraceInput().pt(unzip.resolve("trace.pt")).pageDump(unzip).cpu("6/94").open()) {
            ThreadHistory h = o.history();
            int total = (int) h.calls().instructionCount();
            long[] onePass = new long[total + 1];
            h.window(1, total, (n, st) -> {
                onePass[(int) n] = st.gap ? -st.errcode : st.ip;
                return true;
            });
            for (long from = 1; from <= total; from += 997) {
                long start = from;
                h.window(from, Math.min(total, from + 99), (n, st) -> {
                    assertEquals(onePass[(int) n], st.gap ? -st.errcode : st.ip, "entry " + n + " from " + start);
                    return true;
                });
            }
        }
    }
}
