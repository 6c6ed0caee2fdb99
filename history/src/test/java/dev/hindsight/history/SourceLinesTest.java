package dev.hindsight.history;

import dev.hindsight.history.debuginfo.DwarfLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Source lines (DWARF 5 and 4) in the history: {@code /l}, {@code /m}/{@code /s} and goto's frame,
 * over BTS records of hist.c's {@code main -> foo -> bar} (see the fixture README).
 */
class SourceLinesTest {
    /** main calls foo, foo calls bar, bar and foo return; the current pc is main's pop. */
    private static final long[] RECORDS = {0x1000, 0x401145, 0x40114e, 0x401125, 0x401135, 0x401106,
        0x401124, 0x40113a, 0x401144, 0x401153};

    @TempDir
    Path tmp;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(SourceLinesTest.class.getResource(name).toURI());
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final GdbTextOutput text = new GdbTextOutput(new PrintWriter(out), new PrintWriter(err));

    private HistoryBrowser browser(Path elf) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(RECORDS.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < RECORDS.length; i += 2) {
            b.putLong(RECORDS[i]).putLong(RECORDS[i + 1]).putLong(0);
        }
        Path trace = tmp.resolve("hist.ds");
        Files.write(trace, b.array());
        TraceInput.Opened o = new TraceInput().bts(trace, dev.hindsight.bts.BtsFormat.DS).elf(elf.toString())
                .currentPc(0x401156).open();
        return new HistoryBrowser(o.history(), o.image(), o.symbols(), BtsFixture.FAKE_DISASM, o.lines());
    }

    private String take() {
        text.finish();
        String s = out.toString();
        out.getBuffer().setLength(0);
        return s;
    }

    @Test
    void shouldReadLineTablesOfDwarf5And4Alike() throws Exception {
        for (String name : List.of("hist", "hist-dwarf4")) {
            DwarfLines l = DwarfLines.read(List.of(fixture(name)), List.of(0L));
            assertEquals("hist.c", l.at(0x401106).file(), name);
            assertEquals(4, l.at(0x40110a).line(), name);
            assertEquals(5, l.at(0x40110d).line(), name);
            assertEquals(18, l.at(0x401157).line(), name);
            assertNull(l.linesStartingAt(0x40110a), name);
            assertEquals(17, l.linesStartingAt(0x401149)[0], name);
            assertNull(l.at(0x1000), name);
        }
    }

    @Test
    void shouldPrintSourceRangesOfFunctionSegments() throws Exception {
        HistoryBrowser b = browser(fixture("hist"));
        b.functionCallHistory("/ilc", text);
        assertEquals("""
                1\tmain\tinst 1,4\tat hist.c:16,17
                2\t  foo\tinst 5,11\tat hist.c:10,11
                3\t    bar\tinst 12,22\tat hist.c:4,7
                4\t  foo\tinst 23,27\tat hist.c:11,13
                5\tmain\tinst 28,29\tat hist.c:17,18
                """, take());
    }

    @Test
    void shouldInterleaveSourceLinesWithInstructions() throws Exception {
        HistoryBrowser b = browser(fixture("hist-dwarf4"));
        b.instructionHistory("/s 3,6", text);
        assertEquals("""
                hist.c:17\t  return foo (3) & 1;
                3\t   0x0000000000401149 <main+4>:\tinsn_401149
                4\t   0x000000000040114e <main+9>:\tinsn_40114e
                hist.c:10\t{
                5\t   0x0000000000401125 <foo+0>:\tinsn_401125
                6\t   0x0000000000401126 <foo+1>:\tinsn_401126
                """, take());
    }

    @Test
    void shouldPrintTheFrameWithItsSourceLineOnGoto() throws Exception {
        HistoryBrowser b = browser(fixture("hist"));
        b.gotoRecord("12", text);
        assertEquals("#0  bar () at hist.c:4\n4\t{\n", take());
        b.gotoRecord("14", text);
        assertEquals("#0  0x000000000040110a in bar () at hist.c:4\n4\t{\n", take());
    }

    @Test
    void shouldSayOnceThatASourceFileIsMissingThenPrintInFile() {
        ThreadHistory h = BtsFixture.history(BtsFixture.nops(4), pc -> null, 0x1003, 0x2000, 0x1000);
        DwarfLines lines = DwarfLines.ofRows(new long[] {0x1000, 0x1001, 0x1002}, new int[] {4, 5, 6}, "gone.c",
                tmp.resolve("gone.c"));
        HistoryBrowser b = new HistoryBrowser(h, BtsFixture.image(BtsFixture.nops(4)), pc -> null,
                BtsFixture.FAKE_DISASM, lines);
        b.instructionHistory("/m 1,3", text);
        assertEquals("""
                1\t   0x0000000000001000:\tinsn_1000
                5\tin gone.c
                2\t   0x0000000000001001:\tinsn_1001
                6\tin gone.c
                3\t   0x0000000000001002:\tinsn_1002
                """, take());
        assertEquals("4\tgone.c: No such file or directory.\n", err.toString());
    }
}
