package dev.hindsight.pt.xed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.errata.CpuId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtxedTest {
    @TempDir
    Path dir;

    // PSB+ at 0x1000 (64-bit), then an asynchronous disable at 0x1003.
    private static final int[] TRACE = {0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02,
        0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x7d, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x99,
        0x01, 0x02, 0x23, 0x7d, 0x03, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01};

    private void write(String name, int... bytes) throws IOException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        Files.write(dir.resolve(name), b);
    }

    private String run(PtxedOptions.Builder b) {
        StringWriter out = new StringWriter();
        new Ptxed(b.dir(dir).build(), null, null).run(new PrintWriter(out));
        return out.toString();
    }

    private PtxedOptions.Builder nops() throws IOException {
        write("t.pt", TRACE);
        write("code.bin", 0x90, 0x90, 0x90, 0x90);
        return PtxedOptions.builder().pt("t.pt").raw("code.bin:0x1000")
                .flag(PtxedOptions.NO_INST, true);
    }

    @Test
    void shouldPrintInstructionsAndEvents() throws IOException {
        assertEquals("0000000000001000\n0000000000001001\n0000000000001002\n[disabled]\n",
                run(nops()));
    }

    @Test
    void shouldGiveTheSameOutputWithTheInstructionDecoder() throws IOException {
        assertEquals(run(nops()), run(nops().decoder(PtxedOptions.DecoderKind.INSN)));
    }

    @Test
    void shouldPrintOnlyStatisticsWhenQuiet() throws IOException {
        assertEquals("insn: 3.\nblocks:\t1.\n", run(nops().flag(PtxedOptions.QUIET, true)
                .stat(PtxedOptions.STAT_DEFAULT)));
        assertEquals("insn: 3.\n", run(nops().decoder(PtxedOptions.DecoderKind.INSN)
                .flag(PtxedOptions.QUIET, true).stat(PtxedOptions.STAT_DEFAULT)));
    }

    @Test
    void shouldNumberBlocksWhenShowingThemWithStatistics() throws IOException {
        assertTrue(run(nops().flag(PtxedOptions.SHOW_BLOCKS, true)).startsWith("[block]\n"));
        assertTrue(run(nops().flag(PtxedOptions.SHOW_BLOCKS, true).stat(PtxedOptions.STAT_INSN))
                .startsWith("[block 1]\n"));
    }

    @Test
    void shouldPrintTheOffsetColumn() throws IOException {
        String out = run(nops().flag(PtxedOptions.PRINT_OFFSET, true));
        assertTrue(out.startsWith("0000000000000022  0000000000001000\n"), out);
    }

    @Test
    void shouldReportNomapAtTheMissingAddress() throws IOException {
        write("t.pt", TRACE);
        write("code.bin", 0x90);
        String out = run(PtxedOptions.builder().pt("t.pt").raw("code.bin:0x1000")
                .flag(PtxedOptions.NO_INST, true));
        assertEquals("0000000000001000\n[22, 1001: error: no memory mapped at this address]\n",
                out);
    }

    @Test
    void shouldReportAnUnknownCpuAndDecodeBySpecification() throws IOException {
        String out = run(nops().cpu(CpuId.parse("0/0")));
        assertTrue(out.startsWith("[0, 0: config error: unknown cpu]\n"), out);
    }

    @Test
    void shouldRefuseAMissingTraceOrImage() throws IOException {
        write("code.bin", 0x90);
        PtxedException e = assertThrows(PtxedException.class, () -> run(PtxedOptions.builder()
                .pt("none.pt").raw("code.bin:0x1000")));
        assertTrue(e.getMessage().contains("none.pt"), e.getMessage());
        write("t.pt", TRACE);
        e = assertThrows(PtxedException.class, () -> run(PtxedOptions.builder().pt("t.pt")
                .raw("none.bin:0x1000")));
        assertTrue(e.getMessage().startsWith("--raw: failed to load 'none.bin:0x1000'"),
                e.getMessage());
    }

    @Test
    void shouldParseNumbersAsStrtoull() {
        assertEquals(0x10, Ptxed.parseNumber("0x10"));
        assertEquals(8, Ptxed.parseNumber("010"));
        assertEquals(10, Ptxed.parseNumber("10"));
    }
}
