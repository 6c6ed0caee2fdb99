package dev.hindsight.history;

import dev.hindsight.history.debuginfo.DwarfLines;
import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay navigation over gdb's record_goto program: the testsuite's reference sequences (spec §6.2). */
class StepperTest {
    @TempDir
    Path tmp;

    private RecordGotoProgram.Session s;
    private HistoryBrowser b;

    @BeforeEach
    void setUp() throws Exception {
        s = new RecordGotoProgram.Session(tmp);
        b = s.browser;
    }

    private String at(long n) {
        return "Replay in progress.  At instruction " + n + ".";
    }

    @Test
    void shouldReverseStepiFromTheEndAndStopReplayingWhenSteppingPastIt() {
        b.stepInstruction(true, false, 1, s.text);
        assertEquals("0x0000000000001044 in fun4 () at record_goto.c:44\n44\t}\n", s.take());
        b.stepInstruction(true, false, 1, s.text);
        assertEquals("44\t}\n", s.take());
        assertEquals(at(39), s.replay());
        b.stepInstruction(false, false, 1, s.text);
        assertEquals("0x0000000000001044\t44\t}\n", s.take());
        assertEquals(at(40), s.replay());
        b.stepInstruction(false, false, 1, s.text);
        assertEquals("\nNo more reverse-execution history.\nmain () at record_goto.c:50\n50\t  return 0;\n", s.take());
        assertEquals("Recorded 40 instructions in 16 functions (0 gaps) for thread 1 (process 1).", s.replay());
        assertEquals(0, b.replayPosition());
    }

    @Test
    void shouldReverseNextiOverTheCallAndStayAtTheBeginning() {
        b.stepInstruction(true, true, 1, s.text);
        assertEquals("49\t  fun4 ();\n", s.take());
        assertEquals(at(1), s.replay());
        b.stepInstruction(true, true, 1, s.text);
        assertEquals("\nNo more reverse-execution history.\nmain () at record_goto.c:49\n49\t  fun4 ();\n", s.take());
        assertEquals(at(1), s.replay());
        b.stepInstruction(false, true, 1, s.text);
        assertEquals("\nNo more reverse-execution history.\nmain () at record_goto.c:50\n50\t  return 0;\n", s.take());
        assertEquals(0, b.replayPosition());
    }

    @Test
    void shouldStepiIntoAndNextiOverCallsFromTheMiddle() {
        b.gotoRecord("22", s.text);
        assertEquals("#0  fun3 () at record_goto.c:34\n34\t  fun1 ();\n", s.take());
        b.stepInstruction(false, false, 1, s.text);
        assertEquals("fun1 () at record_goto.c:22\n22\t{\n", s.take());
        assertEquals(at(23), s.replay());
        b.stepInstruction(true, false, 1, s.text);
        assertEquals("fun3 () at record_goto.c:34\n34\t  fun1 ();\n", s.take());
        b.stepInstruction(false, true, 1, s.text);
        assertEquals("35\t  fun2 ();\n", s.take());
        assertEquals(at(27), s.replay());
        b.stepInstruction(true, true, 1, s.text);
        assertEquals("34\t  fun1 ();\n", s.take());
        assertEquals(at(22), s.replay());
        b.stepInstruction(false, false, 3, s.text);
        // The last of the three steps stayed in fun1's frame: only the source line.
        assertEquals("23\t}\n", s.take());
        assertEquals(at(25), s.replay());
    }

    @Test
    void shouldReportNoHistoryAtTheBeginning() {
        b.gotoRecord("begin", s.text);
        assertEquals("#0  main () at record_goto.c:49\n49\t  fun4 ();\n", s.take());
        for (int i = 0; i < 2; i++) {
            b.stepInstruction(true, false, 1, s.text);
            assertEquals("\nNo more reverse-execution history.\nmain () at record_goto.c:49\n49\t  fun4 ();\n",
                    s.take());
        }
        assertEquals(at(1), s.replay());
        b.stepInstruction(false, false, 1, s.text);
        assertEquals("fun4 () at record_goto.c:40\n40\t{\n", s.take());
    }

    @Test
    void shouldNextOverCallsAndReverseNextBack() {
        b.gotoRecord("22", s.text);
        s.take();
        b.stepLine(false, true, 1, s.text);
        assertEquals("35\t  fun2 ();\n", s.take());
        assertEquals(at(27), s.replay());
        b.stepLine(false, true, 1, s.text);
        assertEquals("36\t}\n", s.take());
        assertEquals(at(37), s.replay());
        b.stepLine(true, true, 1, s.text);
        assertEquals("35\t  fun2 ();\n", s.take());
        assertEquals(at(27), s.replay());
    }

    @Test
    void shouldFinishAndReverseFinish() {
        b.gotoRecord("32", s.text);
        assertEquals("#0  0x0000000000001001 in fun1 () at record_goto.c:22\n22\t{\n", s.take());
        b.finish(false, s.text);
        assertEquals("""
                Run till exit from #0  0x0000000000001001 in fun1 () at record_goto.c:22
                fun2 () at record_goto.c:29
                29\t}
                """, s.take());
        assertEquals(at(35), s.replay());
        b.finish(true, s.text);
        assertEquals("""
                Run back to call of #0  fun2 () at record_goto.c:29
                fun3 () at record_goto.c:35
                35\t  fun2 ();
                """, s.take());
        assertEquals(at(27), s.replay());
        b.finish(false, s.text);
        assertEquals("""
                Run till exit from #0  fun3 () at record_goto.c:35
                fun4 () at record_goto.c:44
                44\t}
                """, s.take());
        assertEquals(at(39), s.replay());
        b.finish(true, s.text);
        assertEquals("""
                Run back to call of #0  fun4 () at record_goto.c:44
                main () at record_goto.c:49
                49\t  fun4 ();
                """, s.take());
        assertEquals(at(1), s.replay());
        b.stepLine(true, true, 1, s.text);
        assertEquals("\nNo more reverse-execution history.\nmain () at record_goto.c:49\n49\t  fun4 ();\n", s.take());
        assertEquals(at(1), s.replay());
        HistoryError e = assertThrows(HistoryError.class, () -> b.finish(false, s.text));
        assertEquals("\"finish\" not meaningful in the outermost frame.", e.getMessage());
    }

    @Test
    void shouldStepIntoFunctionsPastTheirPrologueAndOutOfThem() {
        // gdb.btrace/step.exp
        b.stepLine(true, true, 1, s.text);
        assertEquals("49\t  fun4 ();\n", s.take());
        b.stepLine(false, false, 1, s.text);
        assertEquals("fun4 () at record_goto.c:41\n41\t  fun1 ();\n", s.take());
        assertEquals(at(4), s.replay());
        b.stepLine(false, true, 1, s.text);
        assertEquals("42\t  fun2 ();\n", s.take());
        b.stepLine(false, false, 1, s.text);
        assertEquals("fun2 () at record_goto.c:28\n28\t  fun1 ();\n", s.take());
        b.finish(false, s.text);
        assertEquals("Run till exit from #0  fun2 () at record_goto.c:28\nfun4 () at record_goto.c:43\n43\t  fun3 ();\n",
                s.take());
        assertEquals(at(19), s.replay());
        b.stepLine(true, false, 1, s.text);
        assertEquals("fun2 () at record_goto.c:29\n29\t}\n", s.take());
        assertEquals(at(17), s.replay());
        b.finish(true, s.text);
        assertEquals("Run back to call of #0  fun2 () at record_goto.c:29\nfun4 () at record_goto.c:42\n42\t  fun2 ();\n",
                s.take());
        assertEquals(at(9), s.replay());
        b.stepLine(true, true, 1, s.text);
        assertEquals("41\t  fun1 ();\n", s.take());
        assertEquals(at(4), s.replay());
        b.finish(true, s.text);
        assertEquals(at(1), s.replay());
    }

    @Test
    void shouldStepOutOfAFunctionToTheCallersNextLine() {
        b.gotoRecord("7", s.text);
        s.take();
        b.stepLine(false, false, 1, s.text);
        assertEquals("fun4 () at record_goto.c:42\n42\t  fun2 ();\n", s.take());
        assertEquals(at(9), s.replay());
        b.stepLine(true, false, 1, s.text);
        assertEquals("fun1 () at record_goto.c:23\n23\t}\n", s.take());
        assertEquals(at(7), s.replay());
    }

    @Test
    void shouldSkipGapsInBothDirections() {
        // Blocks [0x1000,0x1003], then one that ends before it begins (a BTS overflow gap), then
        // [0x1009, current 0x100b]: numbers 1-4, gap 5, 6-7, current 8.
        byte[] code = BtsFixture.nops(12);
        ThreadHistory h = BtsFixture.history(code, pc -> null, 0x100b, 0x2000, 0x1000, 0x1003, 0x1006, 0x1002, 0x1009);
        BtsFixture.Session g = new BtsFixture.Session(h, code, pc -> null);
        assertEquals(1, h.gapCount());
        g.browser.gotoRecord("6", g.text);
        assertEquals("#0  0x0000000000001009 in ?? ()\n", g.take());
        g.browser.stepInstruction(true, false, 1, g.text);
        assertEquals("0x0000000000001003 in ?? ()\n", g.take());
        assertEquals(4, g.browser.replayPosition());
        g.browser.stepInstruction(false, false, 1, g.text);
        assertEquals("0x0000000000001009 in ?? ()\n", g.take());
        assertEquals(6, g.browser.replayPosition());
        g.browser.continueExecution(true, g.text);
        assertEquals(1, g.browser.replayPosition());
        assertEquals("Continuing.\n\nNo more reverse-execution history.\n0x0000000000001000 in ?? ()\n", g.take());
        HistoryError e = assertThrows(HistoryError.class, () -> g.browser.stepLine(false, true, 1, g.text));
        assertEquals("Cannot find bounds of current function", e.getMessage());
    }

    @Test
    void shouldNotStopUntilOnJumpsBackInALoop() {
        // 0x1000 nop (line 10); 0x1001 nop (11); 0x1002 jne 0x1001 (12), taken twice; 0x1004 nop (13);
        // current 0x1005 (14).
        byte[] code = {(byte) 0x90, (byte) 0x90, 0x75, (byte) 0xfd, (byte) 0x90, (byte) 0x90};
        SymbolLookup loop = pc -> pc >= 0x1000 && pc < 0x1006 ? new FunctionSymbol("loop", "loop", "l.c", 0x1000) : null;
        ThreadHistory h = BtsFixture.history(code, loop, 0x1005, 0x2000, 0x1000, 0x1002, 0x1001, 0x1002, 0x1001);
        DwarfLines rows = DwarfLines.ofRows(new long[] {0x1000, 0x1001, 0x1002, 0x1004, 0x1005},
                new int[] {10, 11, 12, 13, 14}, "l.c", tmp.resolve("l.c"));
        HistoryBrowser l = new HistoryBrowser(h, BtsFixture.image(code), loop, BtsFixture.FAKE_DISASM, rows);
        l.gotoRecord("3", s.text);
        l.stepLine(false, true, 1, s.text);
        assertEquals(4, l.replayPosition());
        l.gotoRecord("3", s.text);
        l.until(s.text);
        assertEquals(8, l.replayPosition());
    }

    @Test
    void shouldStopMotionWithQuitWhenInterrupted() {
        b.setBreakpoint("*0x1024", s.text);
        s.take();
        // The interrupt arrives while the command runs: after "Continuing." is printed.
        HistoryOutput out = new HistoryOutput() {
            @Override
            public void text(String line) {
                b.requestInterrupt();
            }

            @Override
            public void warning(String message) {
            }

            @Override
            public void infoRecord(InfoRecord info) {
            }

            @Override
            public void instruction(InsnLine line) {
            }

            @Override
            public void gap(long number, boolean pt, int code) {
            }

            @Override
            public void call(CallLine line) {
            }

            @Override
            public void frame(long pc, String function, String file, int line, boolean midLine) {
            }

            @Override
            public void source(String file, int line, String text) {
            }

            @Override
            public void sourceError(String message) {
            }
        };
        HistoryError e = assertThrows(HistoryError.class, () -> b.continueExecution(true, out));
        assertEquals("Quit", e.getMessage());
        assertEquals(0, b.replayPosition());
        // The next command starts afresh.
        b.continueExecution(true, s.text);
        assertEquals(22, b.replayPosition());
    }

    @Test
    void shouldRefuseForwardMotionWhenNotReplaying() {
        HistoryError e = assertThrows(HistoryError.class, () -> b.stepLine(false, true, 1, s.text));
        assertEquals("The program is not being run.", e.getMessage());
        assertThrows(HistoryError.class, () -> b.continueExecution(false, s.text));
    }

    @Test
    void shouldContinueToBreakpointsInBothDirections() {
        b.setBreakpoint("fun1", s.text);
        assertEquals("Breakpoint 1 at 0x1004: file record_goto.c, line 23.\n", s.take());
        b.setBreakpoint("*0x1024", s.text);
        assertEquals("Breakpoint 2 at 0x1024: file record_goto.c, line 34.\n", s.take());
        b.continueExecution(true, s.text);
        assertEquals("Continuing.\n\nBreakpoint 1, fun1 () at record_goto.c:23\n23\t}\n", s.take());
        assertEquals(at(33), s.replay());
        b.continueExecution(true, s.text);
        assertEquals("Continuing.\n\nBreakpoint 1, fun1 () at record_goto.c:23\n23\t}\n", s.take());
        assertEquals(at(25), s.replay());
        b.continueExecution(true, s.text);
        assertEquals("Continuing.\n\nBreakpoint 2, fun3 () at record_goto.c:34\n34\t  fun1 ();\n", s.take());
        assertEquals(at(22), s.replay());
        b.continueExecution(false, s.text);
        assertEquals(at(25), s.replay());
        s.take();
        b.breakpoints().info(s.text);
        assertEquals("""
                Num     Type           Disp Enb Address            What
                1       breakpoint     keep y   0x0000000000001004 in fun1 at record_goto.c:23
                \tbreakpoint already hit 3 times
                2       breakpoint     keep y   0x0000000000001024 in fun3 at record_goto.c:34
                \tbreakpoint already hit 1 time
                """, s.take());
        b.breakpoints().delete("");
        b.continueExecution(false, s.text);
        assertEquals("Continuing.\n\nNo more reverse-execution history.\nmain () at record_goto.c:50\n50\t  return 0;\n",
                s.take());
        b.breakpoints().info(s.text);
        assertEquals("No breakpoints or watchpoints.\n", s.take());
        b.setBreakpoint("record_goto.c:43", s.text);
        assertEquals("Breakpoint 3 at 0x103e: file record_goto.c, line 43.\n", s.take());
        HistoryError e = assertThrows(HistoryError.class, () -> b.breakpoints().delete("7"));
        assertEquals("No breakpoint number 7.", e.getMessage());
    }

    @Test
    void shouldPrintTheBacktraceFromTheSegments() {
        b.gotoRecord("32", s.text);
        s.take();
        b.backtrace("", s.text);
        assertEquals("""
                #0  0x0000000000001001 in fun1 () at record_goto.c:22
                #1  0x0000000000001019 in fun2 () at record_goto.c:28
                #2  0x000000000000102e in fun3 () at record_goto.c:35
                #3  0x0000000000001043 in fun4 () at record_goto.c:43
                #4  0x0000000000001059 in main () at record_goto.c:49
                Backtrace stopped: not enough registers or memory available to unwind further
                """, s.take());
        b.backtrace("2", s.text);
        assertEquals("""
                #0  0x0000000000001001 in fun1 () at record_goto.c:22
                #1  0x0000000000001019 in fun2 () at record_goto.c:28
                (More stack frames follow...)
                """, s.take());
        b.frame(s.text);
        assertEquals("#0  0x0000000000001001 in fun1 () at record_goto.c:22\n22\t{\n", s.take());
    }

    @Test
    void shouldSelectFramesUpAndDownAsGdbDoes() {
        b.gotoRecord("32", s.text);
        s.take();
        b.up("", false, s.text);
        assertEquals("#1  0x0000000000001019 in fun2 () at record_goto.c:28\n28\t  fun1 ();\n", s.take());
        b.frame("", s.text);
        assertEquals("#1  0x0000000000001019 in fun2 () at record_goto.c:28\n28\t  fun1 ();\n", s.take());
        b.up("9", false, s.text);
        assertEquals("#4  0x0000000000001059 in main () at record_goto.c:49\n49\t  fun4 ();\n", s.take());
        HistoryError top = assertThrows(HistoryError.class, () -> b.up("", false, s.text));
        assertEquals("Initial frame selected; you cannot go up.", top.getMessage());
        b.up("2", true, s.text);
        assertEquals("#2  0x000000000000102e in fun3 () at record_goto.c:35\n35\t  fun2 ();\n", s.take());
        b.frame("0", s.text);
        s.take();
        HistoryError bottom = assertThrows(HistoryError.class, () -> b.up("", true, s.text));
        assertEquals("Bottom (innermost) frame selected; you cannot go down.", bottom.getMessage());
        HistoryError none = assertThrows(HistoryError.class, () -> b.frame("5", s.text));
        assertEquals("No frame at level 5.", none.getMessage());
        // Moving selects the innermost frame again.
        b.up("", false, s.text);
        s.take();
        b.stepInstruction(false, false, 1, s.text);
        s.take();
        b.frame("", s.text);
        assertTrue(s.take().startsWith("#0  "));
    }

    @Test
    void shouldResetHistoryWindowsWhenMoving() {
        b.setInstructionHistorySize(2);
        b.gotoRecord("22", s.text);
        s.take();
        b.instructionHistory("", s.text);
        assertEquals("22 23", numbers(s.take()));
        b.stepInstruction(false, false, 1, s.text);
        s.take();
        b.instructionHistory("", s.text);
        assertEquals("23 24", numbers(s.take()));
    }

    private static String numbers(String listing) {
        StringBuilder r = new StringBuilder();
        listing.lines().forEach(l -> r.append(r.length() == 0 ? "" : " ").append(l.substring(0, l.indexOf('\t'))));
        return r.toString();
    }
}
