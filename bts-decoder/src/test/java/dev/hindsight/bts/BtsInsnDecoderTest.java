package dev.hindsight.bts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtsInsnDecoderTest {
    /**
     * 0x1000: main: push %rbp (55); call 0x100a (e8 04 00 00 00); nop (90); ret (c3);
     * 0x100a: f: nop (90); nop (90); ret (c3).
     */
    private static final byte[] CODE = {
        0x55, (byte) 0xe8, 0x04, 0x00, 0x00, 0x00, (byte) 0x90, (byte) 0xc3, 0x00, 0x00,
        (byte) 0x90, (byte) 0x90, (byte) 0xc3,
    };

    private static Image image() {
        Image img = new Image();
        img.add(Section.ofBytes("code", CODE), 0x1000);
        return img;
    }

    private static List<String> walk(BtsTrace trace) {
        BtsInsnDecoder d = new BtsInsnDecoder(trace, image());
        BtsInsn insn = new BtsInsn();
        List<String> out = new ArrayList<>();
        while (d.next(insn) == 0) {
            out.add(insn.isGap() ? "gap" + insn.errcode()
                    : Long.toHexString(insn.ip()) + ":" + insn.size() + ":" + insn.iclass());
        }
        return out;
    }

    @Test
    void shouldWalkEachBlockFromItsBeginToItsEnd() {
        // main calls f (0x1001 -> 0x100a), f returns (0x100c -> 0x1006), current pc 0x1007.
        BtsTrace t = BtsTrace.ofBlocks(new long[] {0x1000, 0x100a, 0x1006}, new long[] {0x1001, 0x100c, 0x1007});
        assertEquals(List.of("1000:1:OTHER", "1001:5:CALL", "100a:1:OTHER", "100b:1:OTHER", "100c:1:RETURN",
                "1006:1:OTHER", "1007:1:RETURN"), walk(t));
    }

    @Test
    void shouldReportAnOverflowGapWhenTheWalkPassesTheBlockEnd() {
        // The end 0x1003 is inside the call: the walk jumps from 0x1001 to 0x1006 > 0x1003.
        BtsTrace t = BtsTrace.ofBlocks(new long[] {0x1000, 0x100a}, new long[] {0x1003, 0x100a});
        assertEquals(List.of("1000:1:OTHER", "1001:5:CALL", "gap1", "100a:1:OTHER"), walk(t));
    }

    @Test
    void shouldReportAnInsnSizeGapAfterAnUnreadableInstruction() {
        // 0x100d is past the image: the instruction is kept with size 0, then a gap.
        BtsTrace t = BtsTrace.ofBlocks(new long[] {0x100c, 0x1000}, new long[] {0x1010, 0x1000});
        assertEquals(List.of("100c:1:RETURN", "100d:0:OTHER", "gap2", "1000:1:OTHER"), walk(t));
    }

    @Test
    void shouldNotNeedTheSizeOfTheLastInstructionOfABlock() {
        BtsTrace t = BtsTrace.ofBlocks(new long[] {0x2000}, new long[] {0x2000});
        assertEquals(List.of("2000:0:OTHER"), walk(t));
    }

    @Test
    void shouldRestartAtABlockAndFlagTheLastBlock() {
        BtsTrace t = BtsTrace.ofBlocks(new long[] {0x1000, 0x100a, 0x1006}, new long[] {0x1001, 0x100c, 0x1007});
        BtsInsnDecoder d = new BtsInsnDecoder(t, image());
        BtsInsn insn = new BtsInsn();
        d.syncSet(2);
        assertEquals(0, d.next(insn));
        assertEquals(0x1006, insn.ip());
        assertEquals(2, insn.block());
        assertEquals(true, insn.inLastBlock());
        assertEquals(0, d.next(insn));
        assertEquals(-PtError.EOS.code(), d.next(insn));
        assertEquals(3, d.offset());
    }

    @Test
    void shouldDecodeRecordsEndToEnd() {
        BtsTrace t = new BtsTraceReader(BtsFormat.DS).currentPc(0x1007)
                .read(BtsTraceReaderTest.ds(0x0ff0, 0x1000, 0x1001, 0x100a, 0x100c, 0x1006));
        assertEquals(7, walk(t).size());
    }
}
