package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.QueryConfig;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.InsnClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockDecoderTest {
    // call 0x100008; je 0x100009; hlt; ret (0x100008); nop (0x100009)
    private static final int[] CALL_RET = {0xe8, 0x03, 0x00, 0x00, 0x00, 0x74, 0x02, 0xf4, 0xc3,
        0x90};

    private final Block block = new Block();
    private final PtEvent event = new PtEvent();

    private static BlockDecoder decoder(Trace trace, FlowConfig config, long base, int... code) {
        BlockDecoder d = new BlockDecoder(trace.buffer(), config);
        d.image(Trace.image(base, code));
        return d;
    }

    @Test
    void shouldFollowCompressedReturnAndConditionalBranch() {
        Trace t = new Trace().psb(0x100000).tnt(true, true).fup(0x100009).tipPgd();
        BlockDecoder d = decoder(t, FlowConfig.DEFAULT, 0x100000, CALL_RET);
        int status = d.syncForward();
        assertEquals(0, status & StatusFlag.IP_SUPPRESSED);
        int total = 0;
        long lastEnd = 0;
        List<EventType> events = new ArrayList<>();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
                if (!event.statusUpdate()) {
                    events.add(event.type());
                }
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(block);
            total += block.ninsn();
            if (block.ninsn() != 0) {
                lastEnd = block.endIp();
            }
        }
        assertEquals(3, total);
        assertEquals(0x100005, lastEnd);
        assertEquals(List.of(EventType.ASYNC_DISABLED), events);
    }

    @Test
    void shouldReportNomapAfterTheLastDecodedInstruction() {
        // jmp 0x1100, which is not mapped
        Trace t = new Trace().psb(0x1000).fup(0x1006).tipPgd();
        BlockDecoder d = decoder(t, FlowConfig.DEFAULT, 0x1000, 0xe9, 0xfb, 0x00, 0x00, 0x00);
        assertTrue(drain(d, d.syncForward()) >= 0);
        assertEquals(-PtError.NOMAP.code(), d.next(block));
        assertEquals(1, block.ninsn());
        assertEquals(0x1000, block.endIp());
        assertEquals(InsnClass.JUMP, block.iclass());
    }

    @Test
    void shouldResyncAtTheNextEventWithAnIp() {
        // jmp 0x1100 (unmapped); nop at 0x1005 and 0x1006
        Trace t = new Trace().psb(0x1000).fup(0x1200).tip(0x1005).fup(0x1006).tipPgd();
        BlockDecoder d = decoder(t, FlowConfig.DEFAULT, 0x1000, 0xe9, 0xfb, 0x00, 0x00, 0x00,
                0x90, 0x90);
        assertTrue(drain(d, d.syncForward()) >= 0);
        assertEquals(-PtError.NOMAP.code(), d.next(block));
        int status = d.resync();
        assertTrue((status & StatusFlag.EVENT_PENDING) != 0);
        status = d.event(event);
        assertEquals(EventType.ASYNC_BRANCH, event.type());
        assertEquals(0x1200, event.from());
        status = d.next(block);
        assertEquals(0x1005, block.ip());
        assertEquals(1, block.ninsn());
        assertTrue((status & StatusFlag.EVENT_PENDING) != 0);
        d.event(event);
        assertEquals(EventType.ASYNC_DISABLED, event.type());
        assertEquals(0x1006, event.at());
    }

    @Test
    void shouldEndBlocksAfterDirectJumpsOnlyWhenAsked() {
        // jmp 0x1002; nop; nop
        int[] code = {0xeb, 0x00, 0x90, 0x90};
        Trace t = new Trace().psb(0x1000).fup(0x1003).tipPgd();
        assertEquals(List.of(2), blockSizes(decoder(t, FlowConfig.DEFAULT, 0x1000, code)));
        FlowConfig endOnJump = FlowConfig.of(QueryConfig.DEFAULT, false, true);
        assertEquals(List.of(1, 1), blockSizes(decoder(t, endOnJump, 0x1000, code)));
    }

    @Test
    void shouldProceedToTheDisableIpTheSameWayOnEveryVisit() {
        // nop; call 0x1007; hlt; nop (0x1007); jmp *%rax (0x1008), which leaves the traced code
        int[] code = {0x90, 0xe8, 0x01, 0x00, 0x00, 0x00, 0xf4, 0x90, 0xff, 0xe0};
        Trace t = new Trace().psb(0x1000).tipPgd(0x2000);
        for (int i = 0; i < 3; i++) {
            t.tipPge(0x1000).tipPgd(0x2000);
        }
        List<EventType> events = new ArrayList<>();
        List<String> blocks = blocks(decoder(t, FlowConfig.DEFAULT, 0x1000, code), events);
        assertEquals(List.of("1000-1008/4 JUMP", "1000-1008/4 JUMP", "1000-1008/4 JUMP",
                "1000-1008/4 JUMP"), blocks);
        assertEquals(List.of(EventType.DISABLED, EventType.ENABLED, EventType.DISABLED,
                EventType.ENABLED, EventType.DISABLED, EventType.ENABLED, EventType.DISABLED),
                events);
    }

    @Test
    void shouldReplayAWayTakenBeforeWithItsCallsAsTheWalkTakesIt() {
        // call 0x1008; nop (0x1005); jmp *%rax (0x1006); jmp *%rax (0x1008); ret (0x100a).
        // Both ways to a disable IP stop at an indirect jump; the first passes a call whose
        // return address the compressed return after the next enable needs.
        int[] code = {0xe8, 0x03, 0x00, 0x00, 0x00, 0x90, 0xff, 0xe0, 0xff, 0xe0, 0xc3};
        Trace t = new Trace().psb(0x1000).tipPgd(0x2000).tipPge(0x100a).tnt(true).tipPgd(0x2000);
        for (int i = 0; i < 2; i++) {
            t.tipPge(0x1000).tipPgd(0x2000).tipPge(0x100a).tnt(true).tipPgd(0x2000);
        }
        List<EventType> events = new ArrayList<>();
        List<String> blocks = blocks(decoder(t, FlowConfig.DEFAULT, 0x1000, code), events);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.addAll(List.of("1000-1008/2 JUMP", "100a-100a/1 RETURN", "1005-1006/2 JUMP"));
        }
        assertEquals(expected, blocks);
        assertEquals(11, events.size());
    }

    @Test
    void shouldNotReplayAWayThroughAnotherImage() {
        // nop; nop; jmp *%rax, then in the other image nop; jmp *%rax at the same address
        Trace t = new Trace().psb(0x1000).tipPgd(0x2000).tipPge(0x1000).tipPgd(0x2000);
        BlockDecoder d = decoder(t, FlowConfig.DEFAULT, 0x1000, 0x90, 0x90, 0xff, 0xe0);
        int status = drain(d, d.syncForward());
        status = d.next(block);
        assertEquals("1000-1002/3 JUMP", describe(block));
        while ((status & StatusFlag.EVENT_PENDING) != 0) {
            status = d.event(event);
        }
        d.image(Trace.image(0x1000, 0x90, 0xff, 0xe0));
        do {
            status = d.next(block);
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
            }
        } while (status >= 0 && block.ninsn() == 0);
        assertEquals("1000-1001/2 JUMP", describe(block));
    }

    @Test
    void shouldNotReplayAWayAfterTheImageChanged() {
        // nop; nop; jmp *%rax, then a section mapping nop; jmp *%rax over it
        Trace t = new Trace().psb(0x1000).tipPgd(0x2000).tipPge(0x1000).tipPgd(0x2000);
        BlockDecoder d = decoder(t, FlowConfig.DEFAULT, 0x1000, 0x90, 0x90, 0xff, 0xe0);
        int status = drain(d, d.syncForward());
        status = d.next(block);
        assertEquals("1000-1002/3 JUMP", describe(block));
        while ((status & StatusFlag.EVENT_PENDING) != 0) {
            status = d.event(event);
        }
        d.image().add(Section.ofBytes("other", new byte[] {(byte) 0x90, (byte) 0xff,
            (byte) 0xe0}), 0x1000);
        d.image(d.image());
        do {
            status = d.next(block);
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
            }
        } while (status >= 0 && block.ninsn() == 0);
        assertEquals("1000-1001/2 JUMP", describe(block));
    }

    private static String describe(Block b) {
        return Long.toHexString(b.ip()) + "-" + Long.toHexString(b.endIp()) + "/" + b.ninsn()
                + " " + b.iclass();
    }

    @Test
    void shouldFollowDirectCallsAndTakenBranchesFromTheCacheAsOnTheFirstVisit() {
        // call 0x1008; jne 0x1000 (0x1005); nop (0x1007); ret (0x1008)
        int[] code = {0xe8, 0x03, 0x00, 0x00, 0x00, 0x75, 0xf9, 0x90, 0xc3};
        Trace t = new Trace().psb(0x1000).tnt(true, true, true, true, true, false).fup(0x1007)
                .tipPgd();
        List<EventType> events = new ArrayList<>();
        // As in libipt, the first visit fills the cache and ends the block at the call.
        List<String> expected = new ArrayList<>(List.of("1000-1000/1 CALL",
                "1008-1008/1 RETURN", "1005-1005/1 COND_JUMP"));
        for (int i = 0; i < 2; i++) {
            expected.addAll(List.of("1000-1008/2 RETURN", "1005-1005/1 COND_JUMP"));
        }
        assertEquals(expected, blocks(decoder(t, FlowConfig.DEFAULT, 0x1000, code), events));
        assertEquals(List.of(EventType.ASYNC_DISABLED), events);
        // Blocks end after each call when asked to.
        List<String> onCall = List.of("1000-1000/1 CALL", "1008-1008/1 RETURN",
                "1005-1005/1 COND_JUMP");
        expected.clear();
        for (int i = 0; i < 3; i++) {
            expected.addAll(onCall);
        }
        FlowConfig endOnCall = FlowConfig.of(QueryConfig.DEFAULT, true, false);
        assertEquals(expected, blocks(decoder(t, endOnCall, 0x1000, code), new ArrayList<>()));
    }

    // Decodes everything: the non-empty blocks as "ip-end/ninsn class", events into events.
    private List<String> blocks(BlockDecoder d, List<EventType> events) {
        List<String> blocks = new ArrayList<>();
        int status = d.syncForward();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
                if (!event.statusUpdate()) {
                    events.add(event.type());
                }
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(block);
            if (block.ninsn() != 0) {
                blocks.add(Long.toHexString(block.ip()) + "-" + Long.toHexString(block.endIp())
                        + "/" + block.ninsn() + " " + block.iclass());
            }
        }
        return blocks;
    }

    private List<Integer> blockSizes(BlockDecoder d) {
        List<Integer> sizes = new ArrayList<>();
        int status = d.syncForward();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while ((status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(block);
            if (block.ninsn() != 0) {
                sizes.add(block.ninsn());
            }
        }
        return sizes;
    }

    // Reports the PSB+ status updates after a sync.
    private int drain(BlockDecoder d, int status) {
        while (status >= 0 && (status & StatusFlag.EVENT_PENDING) != 0) {
            status = d.event(event);
            assertTrue(event.statusUpdate());
        }
        return status;
    }

    @Test
    void shouldReportThePsbAsStatusUpdatesAfterSync() {
        BlockDecoder d = decoder(new Trace().psb(0x1000).fup(0x1001).tipPgd(), FlowConfig.DEFAULT,
                0x1000, 0x90, 0x90);
        int status = d.syncForward();
        assertEquals(StatusFlag.EVENT_PENDING, status);
        assertEquals(0, d.event(event) & StatusFlag.IP_SUPPRESSED);
        assertEquals(EventType.ENABLED, event.type());
        assertTrue(event.statusUpdate());
        assertEquals(0x1000, event.ip());
    }

    @Test
    void shouldReportNoSyncBeforeSynchronizing() {
        BlockDecoder d = decoder(new Trace().psb(0x1000), FlowConfig.DEFAULT, 0x1000, 0x90);
        assertEquals(-PtError.NOSYNC.code(), d.next(block));
    }

    @Test
    void shouldReportEndOfStreamWithoutPsb() {
        BlockDecoder d = decoder(new Trace().bytes(0x00, 0x00), FlowConfig.DEFAULT, 0x1000, 0x90);
        assertEquals(-PtError.EOS.code(), d.syncForward());
    }
}
