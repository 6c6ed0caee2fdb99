package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import org.junit.jupiter.api.Test;

class InsnFetcherTest {
    private final InsnFetcher fetcher = new InsnFetcher();
    private final DecodedInsn insn = new DecodedInsn();
    private final byte[] raw = new byte[15];

    private static Section bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) b[i];
        }
        return Section.ofBytes("s", a);
    }

    @Test
    void shouldDecodeWithinOneSection() {
        Image image = new Image();
        image.add(bytes(0xe8, 0x00, 0x01, 0x00, 0x00), 0x1000);
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(5, fetcher.size());
        assertFalse(fetcher.truncated());
        assertEquals(InsnClass.CALL, insn.iclass());
    }

    @Test
    void shouldReadTheRestOfAnInstructionFromTheNextSection() {
        // call rel32 split after its second byte
        Image image = new Image();
        image.add(bytes(0xe8, 0x00), 0x1000);
        image.add(bytes(0x01, 0x00, 0x00), 0x1002);
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(5, fetcher.size());
        assertTrue(fetcher.truncated());
    }

    @Test
    void shouldReportNomapOutsideTheImage() {
        Image image = new Image();
        assertEquals(-PtError.NOMAP.code(),
                fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
    }

    @Test
    void shouldReportBadInsnWhenTheBytesEndTooEarly() {
        Image image = new Image();
        image.add(bytes(0xe8, 0x00), 0x1000);
        assertEquals(-PtError.BAD_INSN.code(),
                fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
    }

    @Test
    void shouldHandOutTheSameDecodeForTheSameBytesAgain() {
        // nop; call *%rax, which needs trace
        Image image = new Image();
        image.add(bytes(0x90, 0xff, 0xd0), 0x1000);
        DecodedInsn first = new DecodedInsn();
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1001, ExecMode.BITS_64, raw, first));
        // Something else in between, then the same instruction from the memo.
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1001, ExecMode.BITS_64, raw, insn));
        assertEquals(2, fetcher.size());
        assertEquals(first.toString(), insn.toString());
        assertEquals(InsnClass.CALL, insn.iclass());
        assertEquals(0xff, raw[0] & 0xff);
        assertEquals(0xd0, raw[1] & 0xff);
    }

    @Test
    void shouldDecodeAgainWhenTheBytesAtAnAddressChange() {
        Image jcc = new Image();
        jcc.add(bytes(0x74, 0x10), 0x1000);
        Image jmp = new Image();
        jmp.add(bytes(0xff, 0xe0), 0x1000);
        assertEquals(0, fetcher.decode(jcc, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(InsnClass.COND_JUMP, insn.iclass());
        assertEquals(0, fetcher.decode(jmp, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(2, fetcher.size());
        assertEquals(InsnClass.JUMP, insn.iclass());
    }

    @Test
    void shouldNotTakeAMemoizedInstructionLongerThanTheBytesThere() {
        // jz rel32, then only its first two bytes
        Image whole = new Image();
        whole.add(bytes(0x0f, 0x84, 0x00, 0x01, 0x00, 0x00), 0x1000);
        Image cut = new Image();
        cut.add(bytes(0x0f, 0x84), 0x1000);
        assertEquals(0, fetcher.decode(whole, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(6, fetcher.size());
        assertEquals(-PtError.BAD_INSN.code(),
                fetcher.decode(cut, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
    }

    @Test
    void shouldDecodeTheSameBytesAgainInAnotherMode() {
        // 48 ff e0: jmp *%rax with REX.W in 64-bit mode; dec eax, then jmp *%eax in 32-bit mode.
        Image image = new Image();
        image.add(bytes(0x48, 0xff, 0xe0), 0x1000);
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_64, raw, insn));
        assertEquals(3, fetcher.size());
        assertEquals(InsnClass.JUMP, insn.iclass());
        assertEquals(0, fetcher.decode(image, Asid.ANY, 0x1000, ExecMode.BITS_32, raw, insn));
        assertEquals(1, fetcher.size());
        assertEquals(InsnClass.OTHER, insn.iclass());
        assertEquals(ExecMode.BITS_32, insn.mode());
    }
}
