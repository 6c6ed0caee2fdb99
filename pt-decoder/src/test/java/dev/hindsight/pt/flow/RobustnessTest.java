package dev.hindsight.pt.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Garbage in, errors out: random traces (PSBs sprinkled among random bytes) over random code
 * never throw and always terminate, in both decoders, with and without resync.
 */
class RobustnessTest {
    private static final int ROUNDS = 300;

    private static ByteBuffer randomTrace(Random r) {
        byte[] b = new byte[64 + r.nextInt(512)];
        r.nextBytes(b);
        for (int at = 0; at + 16 < b.length; at += 16 + r.nextInt(96)) {
            for (int i = 0; i < 16; i += 2) {
                b[at + i] = 0x02;
                b[at + i + 1] = (byte) 0x82;
            }
            // Often a well-formed PSB+ with a FUP into the code.
            if (r.nextBoolean() && at + 27 < b.length) {
                byte[] psb = {0x7d, (byte) r.nextInt(64), 0x10, 0, 0, 0, 0, (byte) 0x99, 0x01,
                    0x02, 0x23};
                System.arraycopy(psb, 0, b, at + 16, psb.length);
            }
        }
        return ByteBuffer.wrap(b);
    }

    private static Image randomImage(Random r) {
        byte[] code = new byte[64];
        r.nextBytes(code);
        Image image = new Image("random");
        image.add(Section.ofBytes("code", code), 0x1000);
        return image;
    }

    @Test
    void shouldSurviveRandomInputInTheBlockDecoder() {
        Random r = new Random(42);
        Block block = new Block();
        PtEvent event = new PtEvent();
        long insns = 0;
        long errors = 0;
        for (int round = 0; round < ROUNDS; round++) {
            BlockDecoder d = new BlockDecoder(randomTrace(r), FlowConfig.DEFAULT);
            d.image(randomImage(r));
            boolean resync = r.nextBoolean();
            int steps = 0;
            int status = d.syncForward();
            while (status != -PtError.EOS.code() && steps++ < 100_000) {
                if (status < 0) {
                    status = resync && r.nextBoolean() ? d.resync() : d.syncForward();
                    continue;
                }
                if ((status & StatusFlag.EVENT_PENDING) != 0) {
                    status = d.event(event);
                } else if ((status & StatusFlag.EOS) != 0) {
                    status = d.syncForward();
                } else {
                    status = d.next(block);
                    insns += block.ninsn();
                    errors += status < 0 ? 1 : 0;
                }
            }
            assertTrue(steps < 100_000, "round " + round + " did not terminate");
        }
        // The input did exercise the decoder.
        assertTrue(insns > 1000 && errors > 100, insns + " instructions, " + errors + " errors");
    }

    @Test
    void shouldSurviveRandomInputInTheInstructionDecoder() {
        Random r = new Random(7);
        Insn insn = new Insn();
        PtEvent event = new PtEvent();
        long insns = 0;
        long errors = 0;
        for (int round = 0; round < ROUNDS; round++) {
            InsnDecoder d = new InsnDecoder(randomTrace(r), FlowConfig.DEFAULT);
            d.image(randomImage(r));
            boolean resync = r.nextBoolean();
            int steps = 0;
            int status = d.syncForward();
            while (status != -PtError.EOS.code() && steps++ < 200_000) {
                if (status < 0) {
                    status = resync && r.nextBoolean() ? d.resync() : d.syncForward();
                    continue;
                }
                if ((status & StatusFlag.EVENT_PENDING) != 0) {
                    status = d.event(event);
                } else if ((status & StatusFlag.EOS) != 0) {
                    status = d.syncForward();
                } else {
                    status = d.next(insn);
                    insns += status >= 0 ? 1 : 0;
                    errors += status < 0 ? 1 : 0;
                }
            }
            assertTrue(steps < 200_000, "round " + round + " did not terminate");
        }
        assertTrue(insns > 1000 && errors > 100, insns + " instructions, " + errors + " errors");
    }
}
