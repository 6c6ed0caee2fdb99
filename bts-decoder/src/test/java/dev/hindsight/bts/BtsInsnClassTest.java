package dev.hindsight.bts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BtsInsnClassTest {
    private static BtsInsnClass of(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return BtsInsnClass.classify(b, 0, b.length);
    }

    @Test
    void shouldClassifyCalls() {
        assertEquals(BtsInsnClass.CALL, of(0xe8, 0, 0, 0, 0));
        assertEquals(BtsInsnClass.CALL, of(0xff, 0xd0));       // call *%rax (ff /2)
        assertEquals(BtsInsnClass.CALL, of(0xff, 0x18));       // lcall *(%rax) (ff /3)
        assertEquals(BtsInsnClass.CALL, of(0x9a, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldClassifyReturnsAndJumps() {
        for (int op : new int[] {0xc2, 0xc3, 0xca, 0xcb, 0xcf}) {
            assertEquals(BtsInsnClass.RETURN, of(op, 0, 0));
        }
        assertEquals(BtsInsnClass.JUMP, of(0xeb, 0));
        assertEquals(BtsInsnClass.JUMP, of(0xe9, 0, 0, 0, 0));
        assertEquals(BtsInsnClass.JUMP, of(0xff, 0xe0));       // jmp *%rax (ff /4)
        assertEquals(BtsInsnClass.JUMP, of(0xff, 0x28));       // ljmp *(%rax) (ff /5)
    }

    @Test
    void shouldSkipLegacyPrefixesButNotRex() {
        assertEquals(BtsInsnClass.RETURN, of(0xf3, 0xc3));     // repz ret
        assertEquals(BtsInsnClass.JUMP, of(0x3e, 0xff, 0xe0)); // notrack jmp
        assertEquals(BtsInsnClass.OTHER, of(0x41, 0xff, 0xd3)); // call *%r11: REX hides it, as in gdb
    }

    @Test
    void shouldTreatConditionalJumpsAndOthersAsOther() {
        assertEquals(BtsInsnClass.OTHER, of(0x74, 0x02));
        assertEquals(BtsInsnClass.OTHER, of(0x0f, 0x84, 0, 0, 0, 0));
        assertEquals(BtsInsnClass.OTHER, of(0xff, 0xc0));      // inc %eax (ff /0)
        assertEquals(BtsInsnClass.OTHER, of(0x66));            // only a prefix
    }
}
