package dev.hindsight.pt.xed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.query.PtEvent;
import org.junit.jupiter.api.Test;

class EventFormatTest {
    private static String format(PtEvent ev, PtxedOptions options) {
        StringBuilder sb = new StringBuilder();
        EventFormat.append(sb, ev, options, 0x1b);
        return sb.toString();
    }

    private static PtxedOptions options(int flags) {
        return PtxedOptions.builder().flag(flags, true).build();
    }

    @Test
    void shouldPrintAsyncBranchEndpointsOnlyWithEventIp() {
        PtEvent ev = new PtEvent().type(EventType.ASYNC_BRANCH).from(0x100200).ip(0x100300);
        assertEquals("[interrupt]", format(ev, options(0)));
        assertEquals("[interrupt, from: 0000000000100200, to: 0000000000100300]",
                format(ev, options(PtxedOptions.EVENT_IP)));
    }

    @Test
    void shouldLeaveOutSuppressedIps() {
        PtEvent ev = new PtEvent().type(EventType.DISABLED).ipSuppressed(true);
        assertEquals("[disabled]", format(ev, options(PtxedOptions.EVENT_IP)));
        PtEvent ovf = new PtEvent().type(EventType.OVERFLOW).ip(0x1000);
        assertEquals("[overflow, ip: 0000000000001000]", format(ovf, options(PtxedOptions.EVENT_IP)));
    }

    @Test
    void shouldPrefixOffsetAndTimeWhenAsked() {
        PtEvent ev = new PtEvent().type(EventType.TICK).hasTsc(true).tsc(0xa008).ip(0x1000);
        assertEquals("[000000000000a008  tick]", format(ev, options(PtxedOptions.EVENT_TIME)));
        assertEquals("[000000000000001b  000000000000a008  tick]",
                format(ev, options(PtxedOptions.EVENT_TIME | PtxedOptions.PRINT_OFFSET)));
    }

    @Test
    void shouldNameTransactionStates() {
        assertEquals("[begin transaction]",
                format(new PtEvent().type(EventType.TSX).speculative(true), options(0)));
        assertEquals("[aborted]",
                format(new PtEvent().type(EventType.TSX).aborted(true), options(0)));
        assertEquals("[committed]", format(new PtEvent().type(EventType.TSX), options(0)));
    }

    @Test
    void shouldPrintPowerEventsAsLibipt() {
        assertEquals("[pwre c1.0 hw]", format(new PtEvent().type(EventType.PWRE).state(0)
                .subState(15).hw(true), options(0)));
        assertEquals("[pwrx int: c1 (c0)]", format(new PtEvent().type(EventType.PWRX)
                .wakeInterrupt(true).last(0).deepest(15), options(0)));
        assertEquals("[mwait 7 0]",
                format(new PtEvent().type(EventType.MWAIT).hints(7).ext(0), options(0)));
    }

    @Test
    void shouldPrintModesPagingAndTriggers() {
        assertEquals("[exec mode: 32-bit]", format(new PtEvent().type(EventType.EXEC_MODE)
                .execMode(ExecMode.BITS_32).ipSuppressed(true), options(0)));
        assertEquals("[paging, cr3: 000000000000a000, nr]", format(new PtEvent()
                .type(EventType.PAGING).cr3(0xa000).nonRoot(true), options(0)));
        assertEquals("[trig 0a, mult, ip: 0000000000001006, icnt: 3]", format(new PtEvent()
                .type(EventType.TRIG).trbv(0xa).mult(true).ip(0x1006).icnt(3),
                options(PtxedOptions.EVENT_IP)));
        assertEquals("[swintr 128]",
                format(new PtEvent().type(EventType.SWINTR).vector(128), options(0)));
    }
}
