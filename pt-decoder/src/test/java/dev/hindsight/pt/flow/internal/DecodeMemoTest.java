package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnDecoder;
import org.junit.jupiter.api.Test;

class DecodeMemoTest {
    private final DecodeMemo memo = new DecodeMemo();
    private final DecodedInsn insn = new DecodedInsn();

    private int put(long ip, ExecMode mode, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        assertTrue(InsnDecoder.decode(b, b.length, ip, mode, insn) > 0);
        return memo.put(ip, mode, insn);
    }

    @Test
    void shouldFindWhatWasPutForTheSameIpAndMode() {
        int slot = put(0x1000, ExecMode.BITS_64, 0xe8, 0x10, 0x00, 0x00, 0x00);
        assertEquals(slot, memo.find(0x1000, ExecMode.BITS_64));
        assertEquals(-1, memo.find(0x1000, ExecMode.BITS_32));
        assertEquals(-1, memo.find(0x1001, ExecMode.BITS_64));
        assertEquals(InsnClass.CALL, memo.iclass(slot));
        assertEquals(5, memo.size(slot));
    }

    @Test
    void shouldComputeTheNextIpAsTheDecoderDoes() {
        int call = put(0x1000, ExecMode.BITS_64, 0xe8, 0x10, 0x00, 0x00, 0x00);
        assertEquals(insn.nextIpStatus(), memo.nextIpStatus(call));
        assertEquals(0x1015, memo.nextIp(call));
        int jcc = put(0x2000, ExecMode.BITS_64, 0x74, 0x02);
        assertEquals(-PtError.BAD_QUERY.code(), memo.nextIpStatus(jcc));
        assertEquals(2, memo.displacement(jcc));
        int nop = put(0x3000, ExecMode.BITS_64, 0x90);
        assertEquals(0, memo.nextIpStatus(nop));
        assertEquals(0x3001, memo.nextIp(nop));
    }

    @Test
    void shouldForgetEverythingOnClear() {
        put(0x1000, ExecMode.BITS_64, 0x90);
        memo.clear();
        assertEquals(-1, memo.find(0x1000, ExecMode.BITS_64));
    }
}
