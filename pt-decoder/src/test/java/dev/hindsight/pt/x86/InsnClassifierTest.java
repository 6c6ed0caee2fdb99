package dev.hindsight.pt.x86;

import static dev.hindsight.pt.x86.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsnClassifierTest {

    @ParameterizedTest(name = "{0}: {1} is {2}/{3}")
    @CsvSource({
        "BITS_64, 90, OTHER, INVALID",
        "BITS_64, 48 89 e5, OTHER, INVALID",
        // Near calls, jumps and returns.
        "BITS_64, e8 00 01 00 00, CALL, CALL_E8",
        "BITS_64, ff d0, CALL, CALL_FFR2",
        "BITS_64, ff 15 00 00 00 00, CALL, CALL_FFR2",
        "BITS_64, 41 ff d3, CALL, CALL_FFR2",
        "BITS_64, e9 00 01 00 00, JUMP, JMP_E9",
        "BITS_64, eb fe, JUMP, JMP_EB",
        "BITS_64, ff e0, JUMP, JMP_FFR4",
        "BITS_64, 3e ff e0, JUMP, JMP_FFR4",
        "BITS_64, ff 24 25 00 10 00 00, JUMP, JMP_FFR4",
        "BITS_64, c3, RETURN, RET_C3",
        "BITS_64, f3 c3, RETURN, RET_C3",
        "BITS_64, c2 08 00, RETURN, RET_C2",
        // Conditional branches.
        "BITS_64, 74 10, COND_JUMP, JCC",
        "BITS_64, 0f 84 10 00 00 00, COND_JUMP, JCC",
        "BITS_64, e3 05, COND_JUMP, JRCXZ",
        "BITS_64, e0 05, COND_JUMP, LOOPNE",
        "BITS_64, e1 05, COND_JUMP, LOOPE",
        "BITS_64, e2 05, COND_JUMP, LOOP",
        // Far transfers.
        "BITS_64, ff 1c 24, FAR_CALL, CALL_FFR3",
        "BITS_64, ff d8, FAR_CALL, CALL_FFR3",
        "BITS_64, ff 2c 24, FAR_JUMP, JMP_FFR5",
        "BITS_32, 9a 00 10 00 00 08 00, FAR_CALL, CALL_9A",
        "BITS_64, 9a 00 10 00 00 08 00, OTHER, INVALID",
        "BITS_32, ea 00 10 00 00 08 00, FAR_JUMP, JMP_EA",
        "BITS_64, ea 00 10 00 00 08 00, OTHER, INVALID",
        "BITS_64, cd 80, FAR_CALL, INT",
        "BITS_64, cc, FAR_CALL, INT3",
        "BITS_64, f1, FAR_CALL, INT1",
        "BITS_32, ce, FAR_CALL, INTO",
        "BITS_64, ce, OTHER, INVALID",
        "BITS_64, cf, FAR_RETURN, IRET",
        "BITS_64, 48 cf, FAR_RETURN, IRET",
        "BITS_64, cb, FAR_RETURN, RET_CB",
        "BITS_64, ca 04 00, FAR_RETURN, RET_CA",
        "BITS_64, 0f 05, FAR_CALL, SYSCALL",
        "BITS_64, 0f 07, FAR_RETURN, SYSRET",
        "BITS_64, 48 0f 07, FAR_RETURN, SYSRET",
        "BITS_32, 0f 34, FAR_CALL, SYSENTER",
        "BITS_32, 0f 35, FAR_RETURN, SYSEXIT",
        // VMX, user interrupts and FRED.
        "BITS_64, 0f 01 c1, FAR_CALL, VMCALL",
        "BITS_64, 0f 01 c2, FAR_RETURN, VMLAUNCH",
        "BITS_64, 0f 01 c3, FAR_RETURN, VMRESUME",
        "BITS_64, 0f c7 30, OTHER, VMPTRLD",
        "BITS_64, 0f c7 f0, OTHER, INVALID",
        "BITS_64, f3 0f 01 ec, FAR_RETURN, UIRET",
        "BITS_64, f2 0f 01 ca, FAR_RETURN, ERETS",
        "BITS_64, f3 0f 01 ca, FAR_RETURN, ERETU",
        "BITS_64, f3 f2 0f 01 ca, FAR_RETURN, ERETS",
        "BITS_64, 0f 01 ca, OTHER, INVALID",
        "BITS_64, 0f 01 d0, OTHER, INVALID",
        // MOV to CR3 (not CR11, not CR0).
        "BITS_64, 0f 22 d8, OTHER, MOV_CR3",
        "BITS_64, 44 0f 22 d8, OTHER, INVALID",
        "BITS_64, 0f 22 c0, OTHER, INVALID",
        "BITS_64, 0f 20 d8, OTHER, INVALID",
        // PTWRITE is F3 0F AE /4 without 66.
        "BITS_64, f3 0f ae e0, PTWRITE, PTWRITE",
        "BITS_64, f3 48 0f ae 20, PTWRITE, PTWRITE",
        "BITS_64, 66 f3 0f ae e0, OTHER, INVALID",
        "BITS_64, 0f ae e8, OTHER, INVALID",
        // VEX and EVEX instructions never branch.
        "BITS_64, c5 f8 77, OTHER, INVALID",
        "BITS_64, 62 f1 7c 48 10 00, OTHER, INVALID",
        // REX2 drops the rel8/rel32 forms; JMPABS is REX2.W0 A1.
        "BITS_64, d5 00 e8 00 01 00 00, OTHER, INVALID",
        "BITS_64, d5 00 ff d0, CALL, CALL_FFR2",
        "BITS_64, d5 00 a1 00 10 00 00 00 00 00 00, JUMP, JMPABS",
        "BITS_64, d5 08 a1 00 10 00 00 00 00 00 00, OTHER, INVALID",
    })
    void shouldClassifyAsLibipt(ExecMode mode, String hex, InsnClass iclass, InsnExtClass ext) {
        byte[] b = hex(hex);
        DecodedInsn insn = new DecodedInsn();
        assertEquals(b.length, InsnDecoder.decode(b, b.length, 0x1000, mode, insn));
        assertEquals(iclass, insn.iclass());
        assertEquals(ext, insn.extClass());
    }

    @ParameterizedTest(name = "{0}: {1} at 1000 goes to {2}")
    @CsvSource({
        "BITS_64, e8 00 01 00 00, 1105",
        "BITS_64, e8 fb ff ff ff, 1000",
        "BITS_64, eb fe, 1000",
        "BITS_64, 74 80, f82",
        "BITS_64, 0f 84 00 00 00 80, ffffffff80001006",
        "BITS_64, 66 e9 00 01 00 00, 1106",
        "BITS_32, 66 e9 00 f0, 4",
        "BITS_16, e8 00 01, 1103",
        "BITS_64, e2 10, 1012",
        "BITS_64, d5 00 a1 88 77 66 55 44 33 22 11, 1122334455667788",
    })
    void shouldComputeDirectBranchTargets(ExecMode mode, String hex, String target) {
        byte[] b = hex(hex);
        DecodedInsn insn = new DecodedInsn();
        InsnDecoder.decode(b, b.length, 0x1000, mode, insn);
        assertEquals(true, insn.isDirect());
        assertEquals(Long.parseUnsignedLong(target, 16), insn.target());
    }
}
