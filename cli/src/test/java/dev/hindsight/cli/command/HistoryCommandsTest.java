package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hindsight.cli.Hindsight;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history commands run in-process over BTS records built here and a PT conformance trace. */
class HistoryCommandsTest {
    /**
     * main at 0x1000: push %rbp; call fun; nop; call fun; ret.
     * fun at 0x1010: mov %rsp,%rbp; nop; ret.
     */
    private static final byte[] CODE = {
        0x55, (byte) 0xe8, 0x0a, 0, 0, 0, (byte) 0x90, (byte) 0xe8, 0x04, 0, 0, 0, (byte) 0xc3, 0, 0, 0,
        0x48, (byte) 0x89, (byte) 0xe5, (byte) 0x90, (byte) 0xc3,
    };
    private static final long[] RECORDS = {0x2000, 0x1000, 0x1001, 0x1010, 0x1014, 0x1006, 0x1007, 0x1010, 0x1014, 0x100c};

    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void files() throws IOException {
        Files.write(dir.resolve("code.bin"), CODE);
        ByteBuffer perf = ByteBuffer.allocate(RECORDS.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ds = ByteBuffer.allocate(RECORDS.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < RECORDS.length; i += 2) {
            perf.putInt(9).putShort((short) 0).putShort((short) 24).putLong(RECORDS[i]).putLong(RECORDS[i + 1]);
            ds.putLong(RECORDS[i]).putLong(RECORDS[i + 1]).putLong(0);
        }
        Files.write(dir.resolve("trace.bts"), perf.array());
        Files.write(dir.resolve("trace.ds"), ds.array());
    }

    private int run(String... args) {
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir).execute(args);
    }

    private int bts(String command, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = command;
        all[1] = "--bts";
        all[2] = "trace.bts";
        all[3] = "--raw";
        all[4] = "code.bin:0x1000";
        System.arraycopy(args, 0, all, 5, args.length);
        return run(all);
    }

    @Test
    void shouldPrintInfoRecord() {
        assertEquals(0, bts("info-record", "--target-id", "process 4242"));
        assertEquals("""
                Active record target: record-btrace
                Recording format: Branch Trace Store.
                Buffer size: 120.
                Recorded 10 instructions in 4 functions (0 gaps) for thread 1 (process 4242).
                """, out.toString());
    }

    @Test
    void shouldReadTheDsFormatToo() {
        assertEquals(0, run("function-call-history", "/c", "--bts", "trace.ds", "--bts-format", "ds", "--raw", "code.bin:0x1000"));
        assertEquals("1\t??\n2\t  ??\n3\t??\n4\t  ??\n", out.toString());
    }

    @Test
    void shouldPrintInstructionHistoryWithRealDisassembly() {
        assertEquals(0, bts("instruction-history", "/r", "2,3"));
        assertEquals("""
                2\t   0x0000000000001001:\te8 0a 00 00 00     \tcall   0x1010
                3\t   0x0000000000001010:\t48 89 e5           \tmov    %rsp,%rbp
                """, out.toString());
    }

    @Test
    void shouldListTheLastWindowByDefaultAndReplayWithGoto() {
        assertEquals(0, bts("instruction-history", "--insn-history-size", "2", "--goto", "3"));
        assertEquals("""
                3\t=> 0x0000000000001010:\tmov    %rsp,%rbp
                4\t   0x0000000000001013:\tnop
                """, out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, bts("info-record", "--goto", "3"));
        assertTrue(out.toString().endsWith("Replay in progress.  At instruction 3.\n"), out.toString());
    }

    @Test
    void shouldPrintGdbErrorsAndFail() {
        assertEquals(1, bts("instruction-history", "0,5"));
        assertEquals("Range out of bounds.\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, bts("function-call-history", "/x"));
        assertEquals("Invalid modifier: x.\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, bts("goto", "99"));
        assertEquals("No such instruction.\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, bts("goto", "begin", "x"));
        assertEquals("Junk after argument: x.\n", err.toString());
    }

    @Test
    void shouldPrintTheFrameOnGoto() {
        assertEquals(0, bts("goto", "begin"));
        assertEquals("#0  0x0000000000001000 in ?? ()\n", out.toString());
    }

    @Test
    void shouldWriteJson() throws IOException {
        assertEquals(0, bts("function-call-history", "/ic", "--json", "1,2"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(2, j.get("functions").size());
        assertEquals(1, j.get("functions").get(1).get("level").asInt());
        assertEquals(3, j.get("functions").get(1).get("firstInstruction").asInt());
        out.getBuffer().setLength(0);
        assertEquals(0, bts("info-record", "--json"));
        assertEquals(10, new ObjectMapper().readTree(out.toString()).get("info").get("instructions").asInt());
    }

    @Test
    void shouldRejectBadInputsInOneLine() {
        assertEquals(2, run("info-record", "--raw", "code.bin:0x1000"));
        assertTrue(err.toString().contains("give exactly one of --pt FILE and --bts FILE"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, run("info-record", "--bts", "missing.bts"));
        assertTrue(err.toString().startsWith("hindsight: ") && err.toString().contains("missing.bts"), err.toString());
    }

    @Test
    void shouldBrowseAPtTrace() {
        Path ptt = Path.of(System.getProperty("hindsight.shared", "../../shared"), "conformance/libipt-ptt/ovf-fup");
        assertEquals(0, run("instruction-history", "--pt", ptt.resolve("ovf-fup.pt").toString(), "--raw",
                ptt.resolve("ovf-fup.bin") + ":0x1000"));
        assertEquals("1\t[overflow]\n2\t   0x0000000000001001:\tnop\n", out.toString());
        assertEquals("warning: Overflow at instruction 0 (offset = 0x27).\n", err.toString());
    }

    @Test
    void shouldBenchmarkAHistory() {
        assertEquals(0, run("bench", "history", "--runs", "1", "--bts", "trace.bts", "--raw", "code.bin:0x1000"));
        assertTrue(out.toString().contains("bytes/instruction"), out.toString());
        assertTrue(out.toString().contains("function-call-history /ilc"), out.toString());
    }
}
