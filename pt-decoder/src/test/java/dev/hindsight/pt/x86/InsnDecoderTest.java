package dev.hindsight.pt.x86;

import static dev.hindsight.pt.x86.Bytes.hex;
import static dev.hindsight.pt.x86.ExecMode.BITS_16;
import static dev.hindsight.pt.x86.ExecMode.BITS_32;
import static dev.hindsight.pt.x86.ExecMode.BITS_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsnDecoderTest {
    private static final int BAD = -PtError.BAD_INSN.code();

    private static int size(ExecMode mode, String hex) {
        byte[] b = hex(hex);
        return InsnDecoder.decode(b, b.length, 0x1000, mode, new DecodedInsn());
    }

    @ParameterizedTest(name = "{0}: {1} is {2} bytes")
    @CsvSource({
        // One-byte and ModRM forms.
        "BITS_64, 90, 1",
        "BITS_64, 48 89 e5, 3",
        "BITS_64, 8b 44 24 08, 4",
        "BITS_64, 8b 84 24 00 01 00 00, 7",
        "BITS_64, 8b 04 25 00 10 00 00, 7",
        "BITS_64, 8b 05 00 10 00 00, 6",
        "BITS_64, ff 15 00 00 00 00, 6",
        "BITS_64, 42 8b 04 e5 00 00 00 00, 8",
        // Operand-size override and REX.W, and their order.
        "BITS_64, 66 b8 34 12, 4",
        "BITS_64, b8 78 56 34 12, 5",
        "BITS_64, 48 b8 01 02 03 04 05 06 07 08, 10",
        "BITS_64, 66 48 b8 01 02 03 04 05 06 07 08, 11",
        "BITS_64, 48 66 b8 34 12, 5",
        "BITS_64, 48 2e b8 78 56 34 12, 7",
        "BITS_32, 66 b8 34 12, 4",
        "BITS_16, b8 34 12, 3",
        "BITS_16, 66 b8 78 56 34 12, 6",
        // Address-size override on moffs.
        "BITS_64, a0 01 02 03 04 05 06 07 08, 9",
        "BITS_64, 67 a0 01 02 03 04, 6",
        "BITS_32, a1 01 02 03 04, 5",
        "BITS_32, 67 a1 01 02, 4",
        "BITS_16, a1 01 02, 3",
        // PUSH imm defaults to 64-bit operands in 64-bit mode; 66 makes it imm16.
        "BITS_64, 68 78 56 34 12, 5",
        "BITS_64, 66 68 34 12, 4",
        "BITS_64, 6a 01, 2",
        // Groups whose immediate depends on ModRM.reg.
        "BITS_64, f7 c0 78 56 34 12, 6",
        "BITS_64, f7 d0, 2",
        "BITS_64, f6 c0 01, 3",
        "BITS_64, f6 d8, 2",
        "BITS_64, c7 c0 78 56 34 12, 6",
        "BITS_64, c7 f8 00 00 00 00, 6",
        "BITS_64, 66 c7 f8 00 00, 5",
        "BITS_64, c8 10 00 01, 4",
        "BITS_64, 0f 78 c1, 3",
        "BITS_64, 66 0f 78 c1 01 02, 6",
        "BITS_64, f2 0f 78 c1 01 02, 6",
        "BITS_64, 0f ba e0 03, 4",
        "BITS_64, 0f 3a 0f c1 08, 5",
        "BITS_64, 66 0f 38 00 c1, 5",
        // 16-bit address forms (SDM vol. 2, table 2-1).
        "BITS_16, 8b 04, 2",
        "BITS_16, 8b 46 02, 3",
        "BITS_16, 8b 06 34 12, 4",
        "BITS_16, 8b 86 34 12, 4",
        "BITS_16, 8b 04 24, 2",
        "BITS_16, 67 8b 04 24, 4",
        "BITS_32, 67 8b 06 34 12, 5",
        "BITS_32, 8b 05 00 10 00 00, 6",
        // Near branches: 66 is ignored in 64-bit mode (rel32), selects rel16 elsewhere.
        "BITS_64, 66 e8 00 01 00 00, 6",
        "BITS_64, 66 0f 84 00 01 00 00, 7",
        "BITS_32, 66 e8 00 01, 4",
        "BITS_16, e8 00 01, 3",
        "BITS_16, 66 e9 00 01 00 00, 6",
        // Far pointers outside 64-bit mode.
        "BITS_32, 9a 00 10 00 00 08 00, 7",
        "BITS_16, 9a 00 10 08 00, 5",
        "BITS_32, ea 00 10 00 00 08 00, 7",
        // MOV to/from control registers ignore ModRM.mod.
        "BITS_64, 0f 22 18, 3",
        "BITS_64, 0f 20 05, 3",
        // VEX.
        "BITS_64, c5 f8 77, 3",
        "BITS_64, c4 e2 79 18 00, 5",
        "BITS_64, c4 e3 79 0f c1 08, 6",
        "BITS_64, c5 fb 93 c0, 4",
        "BITS_32, c5 f8 77, 3",
        "BITS_32, c5 05 00 10 00 00, 6",
        "BITS_32, c4 05 00 10 00 00, 6",
        // EVEX.
        "BITS_64, 62 f1 7c 48 10 00, 6",
        "BITS_64, 62 f1 7c 48 10 40 01, 7",
        "BITS_64, 62 f3 7d 48 3f c2 00, 7",
        "BITS_32, 62 00, 2",
        // REX2 (APX) in 64-bit mode; D5 is AAD outside it.
        "BITS_64, d5 00 89 c0, 4",
        "BITS_64, d5 80 af c0, 4",
        "BITS_32, d5 0a, 2",
        // 40-4F are INC/DEC outside 64-bit mode.
        "BITS_32, 48, 1",
        // libipt has no 3DNow!: 0F 0F is two bytes.
        "BITS_64, 0f 0f c1 b4, 2",
        // Undefined opcodes still get a length, as in libipt.
        "BITS_64, 06, 1",
        "BITS_64, 82 c0 01, 3",
        "BITS_64, 0f ff c0, 3",
        // Invalid: undefined escapes and VEX/EVEX maps.
        "BITS_64, 0f 39 00 00, -14",
        "BITS_64, c4 e0 78 00 00, -14",
        "BITS_64, c4 e8 78 00 00, -14",
        "BITS_64, 62 f0 7c 48 10 00, -14",
        // Truncated.
        "BITS_64, e8 00 00, -14",
        "BITS_64, 48, -14",
        "BITS_64, 8b 04, -14",
        "BITS_64, 0f, -14",
        "BITS_64, 0f 38, -14",
        "BITS_64, c5 f8, -14",
        "BITS_64, c4 e2 79, -14",
        "BITS_64, 62 f1 7c 48, -14",
        "BITS_64, d5 00, -14",
        "BITS_64, c8 10 00, -14",
    })
    void shouldDecodeTheLengthAsLibipt(ExecMode mode, String hex, int expected) {
        assertEquals(expected, size(mode, hex));
    }

    @Test
    void shouldDecodeUpToFifteenBytesAndNoMore() {
        assertEquals(15, size(BITS_64, "66".repeat(14) + "90"));
        assertEquals(BAD, size(BITS_64, "66".repeat(15) + "90"));
        assertEquals(15, size(BITS_64, "2e".repeat(5) + "48 b8 01 02 03 04 05 06 07 08"));
        assertEquals(BAD, size(BITS_64, "2e".repeat(6) + "48 b8 01 02 03 04 05 06 07 08"));
    }

    @Test
    void shouldFailOnEmptyInput() {
        DecodedInsn insn = new DecodedInsn();
        assertEquals(BAD, InsnDecoder.decode(new byte[4], 0, 0, 0, BITS_64, insn));
        assertEquals(InsnClass.UNKNOWN, insn.iclass());
        assertEquals(0, insn.size());
    }

    @Test
    void shouldReadOnlyWithinTheGivenRange() {
        byte[] b = hex("cc e8 00 01 00 00 cc");
        DecodedInsn insn = new DecodedInsn();
        assertEquals(5, InsnDecoder.decode(b, 1, 5, 0x2000, BITS_64, insn));
        assertEquals(0x2105, insn.target());
        assertEquals(BAD, InsnDecoder.decode(b, 1, 4, 0x2000, BITS_64, insn));
        assertThrows(IndexOutOfBoundsException.class,
                () -> InsnDecoder.decode(b, 3, 5, 0, BITS_64, insn));
    }

    @Test
    void shouldDecodeUnknownModeAsLibiptWithoutModrmDisplacement() {
        // libipt's eamode table has no displacement or SIB for ptem_unknown.
        assertEquals(2, size(ExecMode.UNKNOWN, "8b 04 24"));
        assertEquals(2, size(ExecMode.UNKNOWN, "8b 80 00 01"));
        assertEquals(3, size(ExecMode.UNKNOWN, "b8 34 12"));
    }

    @Test
    void shouldOverwriteAReusedHolder() {
        DecodedInsn insn = new DecodedInsn();
        byte[] call = hex("e8 00 01 00 00");
        InsnDecoder.decode(call, call.length, 0x1000, BITS_64, insn);
        byte[] nop = hex("90");
        assertEquals(1, InsnDecoder.decode(nop, 1, 0x3000, BITS_32, insn));
        assertEquals(InsnClass.OTHER, insn.iclass());
        assertEquals(InsnExtClass.INVALID, insn.extClass());
        assertEquals(0x3000, insn.ip());
        assertEquals(BITS_32, insn.mode());
        assertEquals(0, insn.displacement());
        assertEquals(false, insn.isDirect());
    }

    @Test
    void shouldRecordEncodingFacts() {
        DecodedInsn insn = new DecodedInsn();
        byte[] b = hex("62 f3 7d 48 3f c2 00");
        InsnDecoder.decode(b, b.length, 0, BITS_64, insn);
        assertEquals(DecodedInsn.ENCODING_EVEX, insn.encoding());
        assertEquals(3, insn.map());
        assertEquals(0x3f, insn.opcode());
        assertEquals(0xc2, insn.modrm());
        b = hex("d5 80 af c0");
        InsnDecoder.decode(b, b.length, 0, BITS_64, insn);
        assertEquals(true, insn.hasRex2());
        assertEquals(1, insn.map());
        b = hex("c5 f8 77");
        InsnDecoder.decode(b, b.length, 0, BITS_64, insn);
        assertEquals(DecodedInsn.ENCODING_VEX, insn.encoding());
    }
}
