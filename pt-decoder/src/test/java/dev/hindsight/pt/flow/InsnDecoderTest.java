package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.InsnClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsnDecoderTest {
    private final Insn insn = new Insn();
    private final PtEvent event = new PtEvent();

    private static InsnDecoder decoder(Trace trace, long base, int... code) {
        InsnDecoder d = new InsnDecoder(trace.buffer(), FlowConfig.DEFAULT);
        d.image(Trace.image(base, code));
        return d;
    }

    @Test
    void shouldListEachInstructionWithEventsAfterTheLast() {
        // call 0x100008; je 0x100009; hlt; ret; nop
        Trace t = new Trace().psb(0x100000).tnt(true, true).fup(0x100009).tipPgd();
        InsnDecoder d = decoder(t, 0x100000, 0xe8, 0x03, 0x00, 0x00, 0x00, 0x74, 0x02, 0xf4,
                0xc3, 0x90);
        int status = d.syncForward();
        List<String> seen = new ArrayList<>();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
                seen.add(event.type().toString());
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(insn);
            if (status >= 0) {
                seen.add(Long.toHexString(insn.ip()) + " " + insn.iclass());
            }
        }
        assertEquals(List.of("100000 CALL", "100008 RETURN", "100005 COND_JUMP",
                "ASYNC_DISABLED"), seen);
    }

    @Test
    void shouldReturnTheInstructionBeforeADecodeError() {
        Trace t = new Trace().psb(0x1000).fup(0x1006).tipPgd();
        InsnDecoder d = decoder(t, 0x1000, 0xe9, 0xfb, 0x00, 0x00, 0x00);
        assertTrue(d.syncForward() >= 0);
        assertEquals(-PtError.NOMAP.code(), d.next(insn));
        assertEquals(0x1000, insn.ip());
        assertEquals(InsnClass.JUMP, insn.iclass());
        assertEquals(5, insn.size());
    }

    @Test
    void shouldRejectEventQueriesInsideABlock() {
        // nop; nop; then disabled at 0x1002
        Trace t = new Trace().psb(0x1000).fup(0x1002).tipPgd();
        InsnDecoder d = decoder(t, 0x1000, 0x90, 0x90, 0x90);
        assertTrue(d.syncForward() >= 0);
        assertEquals(0, d.next(insn));
        assertEquals(-PtError.BAD_QUERY.code(), d.event(event));
        int status = d.next(insn);
        assertEquals(0x1001, insn.ip());
        assertTrue((status & StatusFlag.EVENT_PENDING) != 0);
        d.event(event);
        assertEquals(EventType.ASYNC_DISABLED, event.type());
    }
}
