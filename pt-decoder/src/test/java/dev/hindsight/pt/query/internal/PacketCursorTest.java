package dev.hindsight.pt.query.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.packet.PacketType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PacketCursorTest {
    private static final int[] PSB = {0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82,
        0x02, 0x82, 0x02, 0x82};

    private static PacketCursor cursor(int... prefixAndPsbs) {
        byte[] b = new byte[prefixAndPsbs.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) prefixAndPsbs[i];
        }
        return new PacketCursor(ByteBuffer.wrap(b), PacketDecoderConfig.DEFAULT);
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] r = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, r, i, p.length);
            i += p.length;
        }
        return r;
    }

    @Test
    void shouldFindAPsbAtTheStart() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x02, 0x23}));
        assertEquals(0, c.syncForward());
        assertEquals(0, c.position());
        assertEquals(0, c.syncOffset());
    }

    @Test
    void shouldSkipTheCurrentSyncPointButFindAPsbRightAtThePosition() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x02, 0x23}, PSB, new int[] {0x02, 0x23}));
        assertEquals(0, c.syncForward());
        Packet p = new Packet();
        assertEquals(16, c.next(p));
        assertEquals(2, c.next(p));
        assertEquals(PacketType.PSBEND, p.type());
        // Position 18 is the second PSB; it is not the sync point, so it is found.
        assertEquals(0, c.syncForward());
        assertEquals(18, c.syncOffset());
        // Now it is the sync point and is skipped.
        assertEquals(-PtError.EOS.code(), c.syncForward());
    }

    @Test
    void shouldSyncBackwardFromTheEnd() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x00, 0x00}, PSB));
        assertEquals(0, c.syncBackward());
        assertEquals(18, c.syncOffset());
        assertEquals(0, c.syncBackward());
        assertEquals(0, c.syncOffset());
        assertEquals(-PtError.EOS.code(), c.syncBackward());
    }

    @Test
    void shouldCopyPositionWithoutTouchingTheOriginal() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x00, 0x02, 0x23}));
        c.syncForward();
        PacketCursor look = new PacketCursor(c);
        Packet p = new Packet();
        look.next(p);
        look.next(p);
        assertEquals(17, look.position());
        assertEquals(0, c.position());
        c.copyFrom(look);
        assertEquals(17, c.position());
        assertEquals(0, c.syncOffset());
    }

    @Test
    void shouldNotMoveOnError() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x02, 0xff}));
        c.syncForward();
        Packet p = new Packet();
        c.next(p);
        assertEquals(-PtError.BAD_OPC.code(), c.next(p));
        assertEquals(16, c.position());
    }

    @Test
    void shouldRejectUnsynchronizedUse() {
        PacketCursor c = cursor(PSB);
        assertEquals(-PtError.NOSYNC.code(), c.position());
        assertEquals(-PtError.NOSYNC.code(), c.next(new Packet()));
        assertEquals(-PtError.INTERNAL.code(), c.skip(1));
    }

    @Test
    void shouldSkipWithinTheTrace() {
        PacketCursor c = cursor(concat(PSB, new int[] {0x00, 0x00}));
        c.syncSet(0);
        assertEquals(0, c.skip(18));
        assertEquals(18, c.position());
        assertEquals(-PtError.INTERNAL.code(), c.skip(1));
        assertEquals(-PtError.EOS.code(), c.syncSet(19));
    }

    @Test
    void shouldSkipRunsOfPadsOfAnyLength() {
        // PSB, PSBEND, n PADs, a tnt.8, then 0 to 9 more bytes of PADs or other packets.
        for (int n = 0; n <= 20; n++) {
            for (int tail = 0; tail <= 9; tail++) {
                int[] pads = new int[n + 1 + tail];
                pads[n] = 0x0c;
                for (int i = n + 1; i < pads.length; i++) {
                    pads[i] = (i % 3 == 0) ? 0x02 : 0x00;
                }
                PacketCursor c = cursor(concat(PSB, new int[] {0x02, 0x23}, pads));
                assertEquals(0, c.syncForward());
                Packet p = new Packet();
                c.next(p);
                c.next(p);
                c.skipPads();
                assertEquals(18 + n, c.position(), "pads " + n + ", tail " + tail);
                assertEquals(1, c.next(p));
                assertEquals(PacketType.TNT_8, p.type());
            }
        }
    }

    @Test
    void shouldSkipPadsUpToTheNextPacket() {
        // PSB, PSBEND, three PADs, a tnt.8, two PADs at the end of the trace.
        PacketCursor c = cursor(concat(PSB, new int[] {0x02, 0x23, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00}));
        assertEquals(0, c.syncForward());
        Packet p = new Packet();
        c.next(p);
        c.next(p);
        c.skipPads();
        assertEquals(21, c.position());
        assertEquals(1, c.next(p));
        assertEquals(PacketType.TNT_8, p.type());
        assertEquals(2, p.tntBitSize());
        c.skipPads();
        assertEquals(24, c.position());
        assertEquals(-PtError.EOS.code(), c.next(p));
        // Nothing to skip: the position stays.
        c.skipPads();
        assertEquals(24, c.position());
    }

    @Test
    void shouldMovePastPadsAndThePacketAfterThemInOneStep() {
        // PSB, PSBEND, three PADs, a tnt.8, a PAD, a bad opcode, two PADs at the end.
        PacketCursor c = cursor(concat(PSB,
                new int[] {0x02, 0x23, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x02, 0xff, 0x00, 0x00}));
        assertEquals(-PtError.NOSYNC.code(), c.nextAfterPads(new Packet()));
        assertEquals(0, c.syncForward());
        Packet p = new Packet();
        assertEquals(16, c.nextAfterPads(p));
        assertEquals(PacketType.PSB, p.type());
        assertEquals(2, c.nextAfterPads(p));
        assertEquals(PacketType.PSBEND, p.type());
        assertEquals(4, c.nextAfterPads(p));
        assertEquals(PacketType.TNT_8, p.type());
        assertEquals(22, c.position());
        // An error consumes nothing, not even the PAD before it.
        assertEquals(-PtError.BAD_OPC.code(), c.nextAfterPads(p));
        assertEquals(22, c.position());
        assertEquals(0, c.skip(3));
        assertEquals(-PtError.EOS.code(), c.nextAfterPads(p));
        assertEquals(25, c.position());
    }

    @Test
    void shouldNotSkipPadsBeforeSynchronizing() {
        PacketCursor c = cursor(0x00, 0x00);
        c.skipPads();
        assertEquals(-PtError.NOSYNC.code(), c.position());
    }
}
