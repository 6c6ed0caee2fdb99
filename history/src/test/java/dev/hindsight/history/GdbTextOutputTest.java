package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class GdbTextOutputTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final GdbTextOutput text = new GdbTextOutput(new PrintWriter(out), new PrintWriter(err));

    private String line(boolean atPc, boolean speculative, boolean omitPc) {
        out.getBuffer().setLength(0);
        text.instruction(new HistoryOutput.InsnLine(7, 0x401000, atPc, speculative, omitPc, "f", 3, false, null, "nop"));
        text.finish();
        return out.toString();
    }

    @Test
    void shouldMarkThePcAndSpeculativeInstructionsInAThreeCharacterColumn() {
        assertEquals("7\t=> 0x0000000000401000 <f+3>:\tnop\n", line(true, false, false));
        assertEquals("7\t   0x0000000000401000 <f+3>:\tnop\n", line(false, false, false));
        assertEquals("7\t?> 0x0000000000401000 <f+3>:\tnop\n", line(true, true, false));
        assertEquals("7\t?  0x0000000000401000 <f+3>:\tnop\n", line(false, true, false));
        assertEquals("7\t?  0x0000000000401000 <f+3>:\tnop\n", line(true, true, true));
        assertEquals("7\t   0x0000000000401000 <f+3>:\tnop\n", line(true, false, true));
    }

    @Test
    void shouldPrintNegativeOffsetsAndNoSymbol() {
        text.instruction(new HistoryOutput.InsnLine(1, 0x10, false, false, false, "g", -3, false, null, "ret"));
        text.instruction(new HistoryOutput.InsnLine(2, 0x10, false, false, false, null, 0, false, null, "ret"));
        text.finish();
        assertEquals("1\t   0x0000000000000010 <g-3>:\tret\n2\t   0x0000000000000010:\tret\n", out.toString());
    }

    @Test
    void shouldPrintGapsAsGdbDoesForBtsAndPt() {
        text.gap(3, false, 1);
        text.gap(7, true, 3);
        text.gap(8, true, 2);
        text.gap(12, true, -13);
        text.finish();
        assertEquals("""
                3\t[decode error (1): instruction overflow]
                7\t[overflow]
                8\t[non-contiguous]
                12\t[decode error (-13): no memory mapped at this address]
                """, out.toString());
    }

    @Test
    void shouldPrintInfoRecordWithBufferSuffixesAndReplay() {
        text.infoRecord(new HistoryOutput.InfoRecord("Intel Processor Trace", 16384, 40, 16, 0, "1",
                "Thread 0x7ffff7d85740 (LWP 4242)", 22));
        text.finish();
        assertEquals("""
                Active record target: record-btrace
                Recording format: Intel Processor Trace.
                Buffer size: 16kB.
                Recorded 40 instructions in 16 functions (0 gaps) for thread 1 (Thread 0x7ffff7d85740 (LWP 4242)).
                Replay in progress.  At instruction 22.
                """, out.toString());
        assertEquals("Buffer size: 2GB.", Messages.bufferSize(1L << 31));
        assertEquals("Buffer size: 3MB.", Messages.bufferSize(3L << 20));
        assertEquals("Buffer size: 1000.", Messages.bufferSize(1000));
    }

    @Test
    void shouldWriteWarningsToTheErrorStream() {
        text.warning("Overflow at instruction 6 (offset = 0x10).");
        assertEquals("warning: Overflow at instruction 6 (offset = 0x10).\n", err.toString());
    }

    @Test
    void shouldPrintFramesWithTheirArgumentsAsPrintFrameDoes() {
        text.frame(0x401106, "bar", "x=<unavailable>, s=...", "t.c", 8, false);
        text.frame(0x401109, "bar", "x=<unavailable>", "t.c", 8, true);
        text.frame(0x401109, "bar", "t.c", 8, true);
        text.stackFrame("Run till exit from ", 0, 0x401106, "bar", "x=<unavailable>", "t.c", 8, false);
        text.stackFrame("", 1, 0x401153, "foo", "x=<unavailable>", "t.c", 16, true);
        text.finish();
        assertEquals("""
                #0  bar (x=<unavailable>, s=...) at t.c:8
                #0  0x0000000000401109 in bar (x=<unavailable>) at t.c:8
                #0  0x0000000000401109 in bar () at t.c:8
                Run till exit from #0  bar (x=<unavailable>) at t.c:8
                #1  0x0000000000401153 in foo (x=<unavailable>) at t.c:16
                """, out.toString());
    }
}
