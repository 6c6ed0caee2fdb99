package dev.hindsight.history.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.history.FunctionCallHistory;
import dev.hindsight.history.ThreadHistory;
import dev.hindsight.history.TraceInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What every PT instruction source must give a history (libipt conformance traces and real libxdc
 * traces); each backend's test says how to open a trace with it and where its decoder reports
 * an error (libipt 2.0.5 and master place the offsets differently).
 */
abstract class PtInstructionSourceContract {
    /** A trace input that decodes PT with the backend under test. */
    abstract TraceInput input();

    /** The offset the overflow warning of {@code ovf-fup} names. */
    abstract String overflowOffset();

    /** The offset the decode-error warning of {@code ptxed-resync-nomap-fup-tip} names. */
    abstract String decodeErrorOffset();

    static final Path SHARED = Path.of(System.getProperty("hindsight.shared", "../../shared"));
    static final Path PTT = SHARED.resolve("conformance/libipt-ptt");
    static final Path LIBXDC = SHARED.resolve("realtraces/libxdc");

    private TraceInput.Opened ptt(String name, String load) throws Exception {
        return input().directory(PTT.resolve(name)).pt(Path.of(name + ".pt"))
                .raw(name + ".bin:" + load).open();
    }

    private static List<String> entries(ThreadHistory h) {
        List<String> r = new ArrayList<>();
        h.window(1, h.calls().instructionCount(),
                (n, st) -> r.add(st.gap ? "gap" + st.errcode : Long.toHexString(st.ip)) || true);
        return r;
    }

    @Test
    void shouldNumberInstructionsAndLevelCallsOfACompressedReturn() throws Exception {
        try (TraceInput.Opened o = ptt("call_direct-ret_compressed", "0x100000")) {
            ThreadHistory h = o.history();
            assertEquals(List.of("100000", "100008", "100005"), entries(h));
            FunctionCallHistory c = h.calls();
            assertEquals(3, c.segmentCount());
            assertEquals(List.of(0, 1, 0), List.of(c.level(1), c.level(2), c.level(3)));
            assertEquals(3, c.next(1), "the return continues the caller's instance");
            assertEquals(3, h.recordedInstructions());
            assertEquals("Intel Processor Trace", h.formatName());
        }
    }

    @Test
    void shouldTurnAnOverflowIntoANotificationGap() throws Exception {
        try (TraceInput.Opened o = ptt("ovf-fup", "0x1000")) {
            assertEquals(List.of("gap3", "1001"), entries(o.history()));
            assertEquals(List.of("Overflow at instruction 0 (offset = " + overflowOffset() + ")."), o.history().warnings());
        }
    }

    @Test
    void shouldTurnADecodeErrorIntoAGapWithTheNegativeLibiptCode() throws Exception {
        try (TraceInput.Opened o = ptt("ptxed-resync-nomap-fup-tip", "0x100000")) {
            assertEquals(List.of("100000", "gap-13"), entries(o.history()));
            assertEquals(List.of("Decode error (-13) at instruction 1 (offset = " + decodeErrorOffset() + ", pc = 0x100000): "
                    + "no memory mapped at this address."), o.history().warnings());
            assertEquals(2, o.history().endNumber(), "the trace ends with the gap");
        }
    }

    @Test
    void shouldMatchTheReferenceInstructionSequenceOfRealTracesThroughWindows() throws Exception {
        String readme = Files.readString(SHARED.resolve("realtraces/README.md"));
        for (String name : List.of("Unzip", "foo")) {
            Matcher m = Pattern.compile("\\| " + name + " \\| [^|]+ \\| ([0-9,]+) insns?, 0 errors \\|[^|]+\\| ([0-9a-f]{16}) \\|")
                    .matcher(readme);
            if (!m.find()) {
                m = Pattern.compile("\\| " + name + " \\| [^|]+ \\| ([0-9,]+), 0 errors \\|[^|]+\\| ([0-9a-f]{16}) \\|")
                        .matcher(readme);
                assertTrue(m.find(), "README row for " + name);
            }
            long expected = Long.parseLong(m.group(1).replace(",", ""));
            try (TraceInput.Opened o = input().pt(LIBXDC.resolve(name + "/trace.pt"))
                    .pageDump(LIBXDC.resolve(name)).cpu("6/94").open()) {
                ThreadHistory h = o.history();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long[] count = {0};
                long total = h.calls().instructionCount();
                // Windows of 5000 re-decode from checkpoints; together they must give the full sequence.
                for (long from = 1; from <= total; from += 5000) {
                    h.window(from, Math.min(total, from + 4999), (n, st) -> {
                        if (!st.gap) {
                            count[0]++;
                            sha.update(String.format("%016x\n", st.ip).getBytes(StandardCharsets.US_ASCII));
                        }
                        return true;
                    });
                }
                assertEquals(expected, count[0], name);
                assertEquals(m.group(2), HexFormat.of().formatHex(sha.digest()).substring(0, 16), name);
                assertTrue(h.checkpointCount() > 1, name + " has several checkpoints");
            }
        }
    }
}
