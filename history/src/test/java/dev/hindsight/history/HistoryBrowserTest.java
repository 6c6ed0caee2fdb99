package dev.hindsight.history;

import static dev.hindsight.history.BtsFixture.CALLS;
import static dev.hindsight.history.BtsFixture.CALLS_RECORDS;
import static dev.hindsight.history.BtsFixture.SYMBOLS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HistoryBrowserTest {
    private static BtsFixture.Session calls() {
        return new BtsFixture.Session(BtsFixture.history(CALLS, SYMBOLS, -1, CALLS_RECORDS), CALLS, SYMBOLS);
    }

    /** 11 recorded nops and the current instruction (gdb testsuite's windowing example). */
    private static BtsFixture.Session eleven() {
        byte[] code = BtsFixture.nops(12);
        return new BtsFixture.Session(BtsFixture.history(code, pc -> null, 0x100b, 0x2000, 0x1000), code, pc -> null);
    }

    @Test
    void shouldReportInfoRecordForBts() {
        BtsFixture.Session s = calls();
        s.browser.setBufferSize(65536);
        s.browser.infoRecord(s.text);
        assertEquals("""
                Active record target: record-btrace
                Recording format: Branch Trace Store.
                Buffer size: 64kB.
                Recorded 10 instructions in 4 functions (0 gaps) for thread 1 (process 1).
                """, s.take());
    }

    @Test
    void shouldListFunctionSegmentsWithInstructionRangesAndIndent() {
        assertEquals("""
                1\tmain\tinst 1,2
                2\t  fun\tinst 3,5
                3\tmain\tinst 6,7
                4\t  fun\tinst 8,10
                """, calls().calls("/ic 1,+20"));
    }

    @Test
    void shouldPrintSourceColumnEmptyWithoutDebugInfoAndKeepColumnOrder() {
        assertEquals("2\tfun\tinst 3,5\tat \n", calls().calls("/li 2,2"));
    }

    @Test
    void shouldListInstructionsWithMarkerAtTheCurrentPc() {
        BtsFixture.Session s = calls();
        assertEquals("""
                9\t   0x0000000000001013 <fun+3>:\tinsn_1013
                10\t   0x0000000000001014 <fun+4>:\tinsn_1014
                """, s.insn("9,10"));
        s.browser.gotoRecord("4", s.text);
        assertEquals("#0  0x0000000000001013 in fun ()\n", s.take());
        assertEquals("""
                3\t   0x0000000000001010 <fun+0>:\tinsn_1010
                4\t=> 0x0000000000001013 <fun+3>:\tinsn_1013
                9\t=> 0x0000000000001013 <fun+3>:\tinsn_1013
                """, s.insn("3,4") + s.insn("9,9"));
    }

    @Test
    void shouldApplyModifiers() {
        BtsFixture.Session s = calls();
        assertEquals("3\t   0x0000000000001010 <+0>:\t48 89 e5           \tinsn_1010\n", s.insn("/rf 3,3"));
        assertEquals("3\t   0x0000000000001010 <fun+0>:\tinsn_1010\n", s.insn("/p 3,3"));
        assertEquals("2\t   0x0000000000001001 <main+1>:\te8 0a 00 00 00     \tinsn_1001\n", s.insn("/r/p 2,2"));
        assertEquals("3\t   0x0000000000001010 <fun+0>:\tinsn_1010\n", s.insn("/m 3,3"));
    }

    @Test
    void shouldRejectBadModifiersAndArguments() {
        BtsFixture.Session s = calls();
        assertEquals("error: Missing modifier.\n", s.insn("/"));
        assertEquals("error: Invalid modifier: x.\n", s.insn("/x"));
        assertEquals("error: Invalid modifier: a.\n", s.insn("/a"));
        assertEquals("error: Invalid modifier: r.\n", s.calls("/r"));
        assertEquals("error: Expected positive number, got: foo.\n", s.insn("foo"));
        assertEquals("error: Junk after argument:  x.\n", s.insn("3 x"));
        assertEquals("error: Bad record instruction-history-size.\n", s.insn("3,+0"));
        assertEquals("error: Bad record function-call-history-size.\n", s.calls("3,-0"));
        assertEquals("error: Bad range.\n", s.insn("5,3"));
        assertEquals("error: Bad range.\n", s.insn("1,4294967296"));
        assertEquals("error: Range out of bounds.\n", s.insn("0,3"));
        assertEquals("error: Range out of bounds.\n", s.insn("12"));
        assertEquals("error: Range out of bounds.\n", s.insn("2,-3"));
        assertEquals("error: Range out of bounds.\n", s.calls("6"));
    }

    @Test
    void shouldClipRangesAtTheEndAndExcludeTheCurrentInstruction() {
        assertEquals("""
                9\t   0x0000000000001013 <fun+3>:\tinsn_1013
                10\t   0x0000000000001014 <fun+4>:\tinsn_1014
                """, calls().insn("9,+100"));
        assertEquals("", calls().insn("11"));
        assertEquals("3\tmain\n4\tfun\n", calls().calls("3,99"));
    }

    @Test
    void shouldWindowForwardAndBackwardLikeGdbsTestsuite() {
        BtsFixture.Session s = eleven();
        s.browser.setInstructionHistorySize(4);
        assertEquals("1 2 3 4", numbers(s.insn("1")));
        assertEquals("5 6 7 8", numbers(s.insn("+")));
        assertEquals("9 10 11", numbers(s.insn("+")));
        assertEquals("At the end of the branch trace record.\n", s.insn("+"));
        assertEquals("At the end of the branch trace record.\n", s.insn(""));
        assertEquals("8 9 10 11", numbers(s.insn("-")));
        assertEquals("4 5 6 7", numbers(s.insn("-")));
        assertEquals("1 2 3", numbers(s.insn("-")));
        assertEquals("At the start of the branch trace record.\n", s.insn("-"));
    }

    @Test
    void shouldStartFreshListingsAtTheEndOrTheReplayPosition() {
        BtsFixture.Session s = eleven();
        s.browser.setInstructionHistorySize(4);
        assertEquals("8 9 10 11", numbers(s.insn("")));
        BtsFixture.Session b = eleven();
        b.browser.setInstructionHistorySize(4);
        assertEquals("8 9 10 11", numbers(b.insn("-")));
        b.browser.gotoRecord("5", b.text);
        b.take();
        assertEquals("5 6 7 8", numbers(b.insn("")));
        BtsFixture.Session c = eleven();
        c.browser.setInstructionHistorySize(4);
        c.browser.gotoRecord("5", c.text);
        c.take();
        assertEquals("2 3 4 5", numbers(c.insn("-")));
    }

    @Test
    void shouldWindowFunctionSegments() {
        BtsFixture.Session s = calls();
        s.browser.setFunctionCallHistorySize(3);
        assertEquals("2\tfun\n3\tmain\n4\tfun\n", s.calls(""));
        assertEquals("1\tmain\n", s.calls("-"));
        assertEquals("At the start of the branch trace record.\n", s.calls("-"));
        assertEquals("1\tmain\n2\tfun\n3\tmain\n", s.calls("+"));
        assertEquals("4\tfun\n", s.calls("+"));
        assertEquals("At the end of the branch trace record.\n", s.calls("+"));
    }

    @Test
    void shouldGotoAndReportReplay() {
        BtsFixture.Session s = calls();
        s.browser.gotoRecord("begin", s.text);
        assertEquals("#0  0x0000000000001000 in main ()\n", s.take());
        s.browser.gotoRecord("start", s.text);
        assertEquals("", s.take());
        s.browser.infoRecord(s.text);
        assertEquals("Replay in progress.  At instruction 1.", s.take().lines().reduce((a, b) -> b).orElseThrow());
        s.browser.gotoRecord("end", s.text);
        assertEquals("#0  0x000000000000100c in main ()\n", s.take());
        assertEquals(0, s.browser.replayPosition());
        assertError("No such instruction.", () -> s.browser.gotoRecord("99", s.text));
        assertError("No such instruction.", () -> s.browser.gotoRecord("0", s.text));
        assertError("Instruction number out of range.", () -> s.browser.gotoRecord("4294967296", s.text));
        assertError("Junk after argument: x.", () -> s.browser.gotoRecord("begin x", s.text));
        assertError("Command requires an argument (insn number to go to).", () -> s.browser.gotoRecord("", s.text));
    }

    @Test
    void shouldShowAndSetHistorySizes() {
        BtsFixture.Session s = calls();
        assertEquals("Number of instructions to print in \"record instruction-history\" is 10.",
                s.browser.showInstructionHistorySize());
        s.browser.setInstructionHistorySize(0);
        assertEquals("Number of instructions to print in \"record instruction-history\" is unlimited.",
                s.browser.showInstructionHistorySize());
        s.browser.setFunctionCallHistorySize(7);
        assertEquals("Number of functions to print in \"record function-call-history\" is 7.",
                s.browser.showFunctionCallHistorySize());
        assertError("integer 4294967296 out of range", () -> s.browser.setInstructionHistorySize(1L << 32));
    }

    @Test
    void shouldFailWithoutTrace() {
        ThreadHistory empty = BtsFixture.history(CALLS, SYMBOLS, -1);
        BtsFixture.Session s = new BtsFixture.Session(empty, CALLS, SYMBOLS);
        assertEquals("error: No trace.\n", s.insn(""));
        assertEquals("error: No trace.\n", s.calls("1"));
        assertError("No trace.", () -> s.browser.gotoRecord("begin", s.text));
        s.browser.infoRecord(s.text);
        assertEquals("Recorded 0 instructions in 0 functions (0 gaps) for thread 1 (process 1).",
                s.take().lines().reduce((a, b) -> b).orElseThrow());
    }

    private static void assertError(String message, Runnable r) {
        try {
            r.run();
        } catch (HistoryError e) {
            assertEquals(message, e.getMessage());
            return;
        }
        throw new AssertionError("expected error " + message);
    }

    private static String numbers(String listing) {
        StringBuilder b = new StringBuilder();
        listing.lines().forEach(l -> b.append(b.length() == 0 ? "" : " ").append(l.substring(0, l.indexOf('\t'))));
        return b.toString();
    }
}
