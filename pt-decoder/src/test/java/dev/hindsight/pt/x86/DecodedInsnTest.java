package dev.hindsight.pt.x86;

import static dev.hindsight.pt.x86.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import org.junit.jupiter.api.Test;

class DecodedInsnTest {

    private static DecodedInsn decode(ExecMode mode, String hex) {
        byte[] b = hex(hex);
        DecodedInsn insn = new DecodedInsn();
        InsnDecoder.decode(b, b.length, 0x1000, mode, insn);
        return insn;
    }

    @Test
    void shouldCopyEverythingOfAnotherInstruction() {
        DecodedInsn call = decode(ExecMode.BITS_64, "e8 00 01 00 00");
        DecodedInsn copy = decode(ExecMode.BITS_32, "0f 22 d8").copyFrom(call);
        assertEquals(call.toString(), copy.toString());
        assertEquals(call.ip(), copy.ip());
        assertEquals(ExecMode.BITS_64, copy.mode());
        assertEquals(5, copy.size());
        assertEquals(call.iclass(), copy.iclass());
        assertEquals(call.extClass(), copy.extClass());
        assertTrue(copy.isDirect());
        assertEquals(0x100, copy.displacement());
        assertEquals(0x1105, copy.nextIp());
        assertEquals(call.map(), copy.map());
        assertEquals(call.opcode(), copy.opcode());
        assertEquals(call.modrm(), copy.modrm());
        assertEquals(call.encoding(), copy.encoding());
        assertFalse(copy.bindsToPip());
    }

    @Test
    void shouldFollowNonBranchesAndDirectCallsWithoutTrace() {
        DecodedInsn nop = decode(ExecMode.BITS_64, "90");
        assertEquals(0, nop.nextIpStatus());
        assertEquals(0x1001, nop.nextIp());
        DecodedInsn call = decode(ExecMode.BITS_64, "e8 00 01 00 00");
        assertEquals(0, call.nextIpStatus());
        assertEquals(0x1105, call.nextIp());
        DecodedInsn ptw = decode(ExecMode.BITS_64, "f3 0f ae e0");
        assertEquals(0, ptw.nextIpStatus());
        assertEquals(0x1004, ptw.nextIp());
    }

    @Test
    void shouldNeedTraceForConditionalIndirectFarAndAbsoluteBranches() {
        int badQuery = -PtError.BAD_QUERY.code();
        assertEquals(badQuery, decode(ExecMode.BITS_64, "74 10").nextIpStatus());
        assertEquals(badQuery, decode(ExecMode.BITS_64, "ff d0").nextIpStatus());
        assertEquals(badQuery, decode(ExecMode.BITS_64, "ff e0").nextIpStatus());
        assertEquals(badQuery, decode(ExecMode.BITS_64, "c3").nextIpStatus());
        assertEquals(badQuery, decode(ExecMode.BITS_64, "0f 05").nextIpStatus());
        assertEquals(badQuery,
                decode(ExecMode.BITS_64, "d5 00 a1 00 10 00 00 00 00 00 00").nextIpStatus());
    }

    @Test
    void shouldReportUndecodedInstructions() {
        DecodedInsn bad = decode(ExecMode.BITS_64, "0f");
        assertEquals(InsnClass.UNKNOWN, bad.iclass());
        assertEquals(-PtError.BAD_INSN.code(), bad.nextIpStatus());
        assertEquals(-PtError.BAD_INSN.code(), new DecodedInsn().nextIpStatus());
    }

    @Test
    void shouldRefuseTheTargetOfIndirectBranches() {
        assertThrows(IllegalStateException.class, () -> decode(ExecMode.BITS_64, "ff d0").target());
    }

    @Test
    void shouldBindPipToCr3WritesVmEntriesAndFarBranches() {
        assertTrue(decode(ExecMode.BITS_64, "0f 22 d8").bindsToPip());
        assertTrue(decode(ExecMode.BITS_64, "0f 01 c2").bindsToPip());
        assertTrue(decode(ExecMode.BITS_64, "0f 05").bindsToPip());
        assertFalse(decode(ExecMode.BITS_64, "0f c7 30").bindsToPip());
        assertFalse(decode(ExecMode.BITS_64, "c3").bindsToPip());
    }

    @Test
    void shouldBindVmcsToVmptrldVmEntriesAndFarBranches() {
        assertTrue(decode(ExecMode.BITS_64, "0f c7 30").bindsToVmcs());
        assertTrue(decode(ExecMode.BITS_64, "0f 01 c3").bindsToVmcs());
        assertTrue(decode(ExecMode.BITS_64, "cd 80").bindsToVmcs());
        assertFalse(decode(ExecMode.BITS_64, "0f 22 d8").bindsToVmcs());
    }

    @Test
    void shouldDescribeItself() {
        assertEquals("0000000000001000 size=5 CALL/CALL_E8 target=1105",
                decode(ExecMode.BITS_64, "e8 00 01 00 00").toString());
    }
}
