package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.RawLoader;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.packet.TraceFile;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing per instruction or block: decoding millions of instructions
 * allocates no more than a few kilobytes (holders are reused, the block cache is filled once).
 */
class AllocationTest {
    private static final Path DIR = Path.of(System.getProperty("hindsight.shared", "../shared"))
            .resolve("bench").resolve("libipt-synth");

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static Image image() throws Exception {
        Image image = new Image("synth");
        RawLoader.load("synth.bin:0x400000", DIR, new SectionCache(), image);
        return image;
    }

    @Test
    void shouldNotAllocatePerBlock() throws Exception {
        ByteBuffer trace = TraceFile.map(DIR.resolve("synth-noretc-1m.pt"));
        // Warm up: class initialization and the JIT allocate once per process.
        blocks(new BlockDecoder(trace, FlowConfig.DEFAULT), image());
        BlockDecoder d = new BlockDecoder(trace, FlowConfig.DEFAULT);
        Image image = image();
        long before = allocated();
        long insns = blocks(d, image);
        long bytes = allocated() - before;
        assertEquals(3380907, insns);
        assertTrue(bytes < 64 * 1024, bytes + " bytes allocated for " + insns + " instructions");
    }

    private static long blocks(BlockDecoder d, Image image) {
        d.image(image);
        Block block = new Block();
        PtEvent event = new PtEvent();
        long insns = 0;
        int status = d.syncForward();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while (status >= 0 && (status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(block);
            insns += block.ninsn();
        }
        return insns;
    }

    @Test
    void shouldNotAllocatePerInstruction() throws Exception {
        ByteBuffer trace = TraceFile.map(DIR.resolve("synth-noretc-1m.pt"));
        insns(new InsnDecoder(trace, FlowConfig.DEFAULT), image());
        InsnDecoder d = new InsnDecoder(trace, FlowConfig.DEFAULT);
        Image image = image();
        long before = allocated();
        long insns = insns(d, image);
        long bytes = allocated() - before;
        assertEquals(3380907, insns);
        assertTrue(bytes < 64 * 1024, bytes + " bytes allocated for " + insns + " instructions");
    }

    private static long insns(InsnDecoder d, Image image) {
        d.image(image);
        Insn insn = new Insn();
        PtEvent event = new PtEvent();
        long insns = 0;
        int status = d.syncForward();
        while (status >= 0 && (status & StatusFlag.EOS) == 0) {
            while (status >= 0 && (status & StatusFlag.EVENT_PENDING) != 0) {
                status = d.event(event);
            }
            if (status < 0 || (status & StatusFlag.EOS) != 0) {
                break;
            }
            status = d.next(insn);
            if (status >= 0) {
                insns++;
            }
        }
        return insns;
    }
}
