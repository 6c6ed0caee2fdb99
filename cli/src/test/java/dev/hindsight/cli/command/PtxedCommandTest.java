package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.conformance.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtxedCommandTest {
    @TempDir
    Path dir;

    // PSB+ at 0x1000 (64-bit), then an asynchronous disable at 0x1003; three nops.
    @BeforeEach
    void writeTrace() throws IOException {
        byte[] psb = new byte[16];
        for (int i = 0; i < 16; i += 2) {
            psb[i] = 0x02;
            psb[i + 1] = (byte) 0x82;
        }
        byte[] rest = {0x7d, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, (byte) 0x99, 0x01, 0x02, 0x23,
            0x7d, 0x03, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01};
        byte[] trace = new byte[psb.length + rest.length];
        System.arraycopy(psb, 0, trace, 0, psb.length);
        System.arraycopy(rest, 0, trace, psb.length, rest.length);
        Files.write(dir.resolve("t.pt"), trace);
        Files.write(dir.resolve("code.bin"), new byte[] {(byte) 0x90, (byte) 0x90, (byte) 0x90});
    }

    private ToolRunner.Result ptxed(String... args) {
        return ToolRunner.run(dir, "ptxed", List.of(args));
    }

    @Test
    void shouldDecodeWithOptionsInCommandLineOrder() {
        ToolRunner.Result r = ptxed("--insn-decoder", "--block-decoder", "--raw", "code.bin:0x1000",
                "--no-inst", "--stat", "--pt", "t.pt");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        // The block decoder won (the last choice), so blocks are counted too.
        assertTrue(r.out().endsWith("[disabled]\ninsn: 3.\nblocks:\t1.\n"), r.out());
    }

    @Test
    void shouldPrintDisassemblyWithoutNoInst() {
        ToolRunner.Result r = ptxed("--raw", "code.bin:0x1000", "--pt", "t.pt");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("0000000000001000  nop\n"), r.out());
    }

    @Test
    void shouldRequireDecoderChoicesBeforeTheTrace() {
        ToolRunner.Result r = ptxed("--raw", "code.bin:0x1000", "--pt", "t.pt", "--insn-decoder");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertEquals("hindsight: ptxed: please specify --insn-decoder before --pt.\n", r.err());
    }

    @Test
    void shouldRejectASecondTrace() {
        ToolRunner.Result r = ptxed("--pt", "t.pt", "--pt", "t.pt");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("duplicate pt sources"), r.err());
    }

    @Test
    void shouldRejectBadNumbersAndFilterConfigurations() {
        ToolRunner.Result r = ptxed("--mtc-freq", "x", "--pt", "t.pt");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("--mtc-freq: bad argument: x."), r.err());
        r = ptxed("--filter:addr0_cfg", "16", "--pt", "t.pt");
        assertTrue(r.err().contains("--filter:addr0_cfg: value too big: 16."), r.err());
    }

    @Test
    void shouldRequireATrace() {
        ToolRunner.Result r = ptxed("--raw", "code.bin:0x1000");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertEquals("hindsight: ptxed: no pt file.\n", r.err());
    }

    @Test
    void shouldReportMissingFilesOnOneLine() {
        ToolRunner.Result r = ptxed("--raw", "missing.bin:0x1000", "--pt", "t.pt");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void shouldBenchBothFlowDecoders() {
        ToolRunner.Result r = ToolRunner.run(dir, "bench", List.of("flow", "--raw",
                "code.bin:0x1000", "--runs", "1", "--warmup", "0", "--warmup-time", "0", "t.pt"));
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("t.pt block: 35 bytes, 3 insns, 1 blocks, 0 errors"), r.out());
        assertTrue(r.out().contains("t.pt insn: 35 bytes, 3 insns, 0 blocks, 0 errors"), r.out());
    }
}
