package dev.hindsight.pt.x86.disasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CapstoneDisassemblerTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void shouldReadEveryCsInsnFieldAtItsCapstone4Offset() {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            byte[] code = bytes(0x90, 0x48, 0x89, 0xe5, 0xcc);
            assertEquals(3, d.length(code, 1, 4, 0x401000L));
            assertNotEquals(0, d.lastInsnId());
            assertEquals(0x401000L, d.lastInsnAddress());
            assertArrayEquals(bytes(0x48, 0x89, 0xe5), d.lastInsnBytes());
            assertEquals(0, d.lastInsnDetail());
            DisassembledInsn insn = d.disassemble(code, 1, 4, 0x401000L).orElseThrow();
            assertEquals("movq", insn.mnemonic());
            assertEquals("%rsp, %rbp", insn.operands());
            assertEquals("movq %rsp, %rbp", insn.text());
            assertEquals(3, insn.size());
        }
    }

    @Test
    void shouldPrintIntelSyntaxAndBranchTargets() {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.INTEL)) {
            DisassembledInsn call = d.disassemble(bytes(0xe8, 0x00, 0x01, 0x00, 0x00), 0, 5, 0x1000L)
                    .orElseThrow();
            assertEquals("call 0x1105", call.text());
            assertEquals("mov rbp, rsp", d.disassemble(bytes(0x48, 0x89, 0xe5), 0, 3, 0).orElseThrow().text());
        }
    }

    @Test
    void shouldDecodeBySizeOfTheMode() {
        byte[] movImm = bytes(0xb8, 0x01, 0x02, 0x03, 0x04);
        try (CapstoneDisassembler d16 = CapstoneDisassembler.open(ExecMode.BITS_16, Syntax.ATT);
                CapstoneDisassembler d32 = CapstoneDisassembler.open(ExecMode.BITS_32, Syntax.ATT)) {
            assertEquals(3, d16.length(movImm, 0, 5, 0));
            assertEquals(5, d32.length(movImm, 0, 5, 0));
            assertEquals(ExecMode.BITS_16, d16.mode());
            assertEquals(Syntax.ATT, d16.syntax());
        }
    }

    @Test
    void shouldReportInvalidAndTruncatedBytesAsMinusOne() {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            assertEquals(-1, d.length(bytes(0x0f, 0x17), 0, 2, 0)); // 0F 17 needs ModRM: truncated
            assertEquals(-1, d.length(bytes(0xe8, 0x00), 0, 2, 0));
            assertEquals(-1, d.length(bytes(0x06), 0, 1, 0)); // PUSH ES is invalid in 64-bit mode
            assertTrue(d.disassemble(bytes(0x06), 0, 1, 0).isEmpty());
            assertEquals(-1, d.length(bytes(0x90), 0, 0, 0));
        }
    }

    @Test
    void shouldCheckSizeAgreement() {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            byte[] ret = bytes(0xc3, 0x90);
            assertTrue(d.agreesOnSize(ret, 0, 2, 0, 1));
            assertFalse(d.agreesOnSize(ret, 0, 2, 0, 2));
        }
    }

    @Test
    void shouldRefuseUseAfterClose() {
        CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT);
        d.close();
        d.close();
        assertThrows(IllegalStateException.class, () -> d.length(bytes(0x90), 0, 1, 0));
    }

    @Test
    void shouldAgreeWithTheDecodedLength() {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            byte[] code = bytes(0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0xc3);
            DecodedInsn insn = new DecodedInsn();
            InsnDecoder.decode(code, code.length, 0x1000, ExecMode.BITS_64, insn);
            assertTrue(d.agreesWith(code, 0, code.length, insn));
            InsnDecoder.decode(code, 6, 1, 0x1006, ExecMode.BITS_64, insn);
            assertFalse(d.agreesWith(code, 0, code.length, insn));
        }
    }

    @Test
    void shouldSayWhatToInstallWhenCapstoneIsMissing() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dhindsight.capstone.library=/nonexistent/libcapstone.so.4",
                "-cp", System.getProperty("java.class.path"), CapstoneProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("DisassemblerUnavailableException: Capstone 4 (libcapstone.so.4)"
                + " cannot be loaded: install the Debian package libcapstone4"), out);
        assertEquals(1, out.strip().lines().count(), out);
    }

    @Test
    void shouldRefuseUnknownMode() {
        assertThrows(IllegalArgumentException.class,
                () -> CapstoneDisassembler.open(ExecMode.UNKNOWN, Syntax.ATT));
    }
}
