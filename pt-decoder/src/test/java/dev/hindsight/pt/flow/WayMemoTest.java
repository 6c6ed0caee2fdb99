package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.internal.ReturnStack;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import org.junit.jupiter.api.Test;

class WayMemoTest {
    private final WayMemo memo = new WayMemo();
    private final Image image = Trace.image(0x1000, 0x90, 0xff, 0xe0);
    private final ReturnStack retstack = new ReturnStack();
    private final Block block = new Block();

    private int putWay(Insn last) {
        block.isid = 3;
        block.iclass(InsnClass.JUMP);
        block.endIp = 0x1001;
        retstack.push(0x1111);
        retstack.push(0x2222);
        memo.put(image, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_64,
                -PtError.BAD_QUERY.code(), 2, block, 0x1001, retstack, 2, last,
                new DecodedInsn());
        return memo.find(image, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_64);
    }

    @Test
    void shouldGiveBackWhatTheWalkRecorded() {
        Insn last = new Insn();
        last.ip = 0x1001;
        last.size = 2;
        int slot = putWay(last);
        assertTrue(slot >= 0);
        assertEquals(-PtError.BAD_QUERY.code(), memo.status(slot));
        assertEquals(2, memo.count(slot));
        assertEquals(3, memo.isid(slot));
        assertSame(InsnClass.JUMP, memo.iclass(slot));
        assertEquals(0x1001, memo.endIp(slot));
        assertEquals(0x1001, memo.nextIp(slot));
        assertEquals(2, memo.npush(slot));
        assertEquals(0x1111, memo.push(slot, 0));
        assertEquals(0x2222, memo.push(slot, 1));
        assertEquals(0x1001, memo.last(slot).ip);
        assertEquals(2, memo.last(slot).size);
    }

    @Test
    void shouldNotKeepTheLastInstructionOfAWayThatLeftItAlone() {
        Insn last = new Insn();
        last.ip = 0x1001;
        putWay(last);
        // The same slot, now recorded without a last instruction.
        assertNull(memo.last(putWay(null)));
    }

    @Test
    void shouldFindOnlyTheSameStartTargetAndMode() {
        putWay(null);
        assertEquals(-1, memo.find(image, Asid.ANY, 0x1001, 0x2000, ExecMode.BITS_64));
        assertEquals(-1, memo.find(image, Asid.ANY, 0x1000, 0x2001, ExecMode.BITS_64));
        assertEquals(-1, memo.find(image, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_32));
    }

    @Test
    void shouldForgetEverythingWhenTheImageChanges() {
        putWay(null);
        image.add(Section.ofBytes("other", new byte[] {(byte) 0x90}), 0x1000);
        assertEquals(-1, memo.find(image, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_64));
    }

    @Test
    void shouldForgetEverythingForAnotherImageOrAddressSpace() {
        putWay(null);
        Image other = Trace.image(0x1000, 0x90, 0xff, 0xe0);
        assertEquals(-1, memo.find(other, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_64));
        putWay(null);
        assertEquals(-1, memo.find(image, new Asid(0x5000, Asid.NO_VMCS), 0x1000, 0x2000,
                ExecMode.BITS_64));
        // Forgotten, not just hidden.
        assertEquals(-1, memo.find(image, Asid.ANY, 0x1000, 0x2000, ExecMode.BITS_64));
    }
}
