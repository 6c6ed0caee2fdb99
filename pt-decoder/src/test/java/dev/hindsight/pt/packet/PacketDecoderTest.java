package dev.hindsight.pt.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.errata.Errata;
import dev.hindsight.errata.Erratum;
import dev.hindsight.pt.PtError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private static final int EOS = -PtError.EOS.code();
    private static final int BAD_OPC = -PtError.BAD_OPC.code();
    private static final int BAD_PACKET = -PtError.BAD_PACKET.code();
    private static final int[] PSB = {0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82,
        0x02, 0x82, 0x02, 0x82, 0x02, 0x82};

    private final Packet packet = new Packet();

    private static ByteBuffer bytes(int... b) {
        ByteBuffer buf = ByteBuffer.allocate(b.length);
        for (int x : b) {
            buf.put((byte) x);
        }
        return buf.flip();
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    private int decode(PacketDecoderConfig config, int... b) {
        PacketDecoder dec = new PacketDecoder(bytes(b), config);
        assertEquals(0, dec.syncSet(0));
        return dec.next(packet);
    }

    private int decode(int... b) {
        return decode(PacketDecoderConfig.DEFAULT, b);
    }

    @Test
    void shouldDecodePad() {
        assertEquals(1, decode(0x00));
        assertEquals(PacketType.PAD, packet.type());
        assertEquals(1, packet.size());
    }

    @Test
    void shouldDecodePsbAndRejectBadPattern() {
        assertEquals(16, decode(PSB));
        assertEquals(PacketType.PSB, packet.type());
        int[] bad = PSB.clone();
        bad[9] = 0x83;
        assertEquals(BAD_PACKET, decode(bad));
        assertEquals(EOS, decode(0x02, 0x82, 0x02, 0x82));
    }

    @Test
    void shouldDecodeExtendedPacketsWithoutPayload() {
        assertEquals(2, decode(0x02, 0x23));
        assertEquals(PacketType.PSBEND, packet.type());
        assertEquals(2, decode(0x02, 0xf3));
        assertEquals(PacketType.OVF, packet.type());
        assertEquals(2, decode(0x02, 0x83));
        assertEquals(PacketType.STOP, packet.type());
    }

    @Test
    void shouldDecodeIpPacketsForEveryCompression() {
        assertEquals(1, decode(0x0d));
        assertEquals(PacketType.TIP, packet.type());
        assertEquals(IpCompression.SUPPRESSED, packet.ipCompression());
        assertEquals(3, decode(0x21, 0x02, 0x10));
        assertEquals(PacketType.TIP_PGD, packet.type());
        assertEquals(1, packet.ipc());
        assertEquals(0x1002L, packet.ip());
        assertEquals(5, decode(0x51, 0x01, 0x10, 0x00, 0x00));
        assertEquals(PacketType.TIP_PGE, packet.type());
        assertEquals(0x1001L, packet.ip());
        assertEquals(7, decode(0x7d, 0x00, 0x40, 0xff, 0xff, 0xff, 0xff));
        assertEquals(PacketType.FUP, packet.type());
        assertEquals(IpCompression.SEXT_48, packet.ipCompression());
        assertEquals(0xffffffff4000L, packet.ip());
        assertEquals(7, decode(0x8d, 0x00, 0x40, 0xff, 0xff, 0xff, 0xff));
        assertEquals(IpCompression.UPDATE_48, packet.ipCompression());
        assertEquals(9, decode(0xcd, 0x00, 0x40, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0x00));
        assertEquals(IpCompression.FULL, packet.ipCompression());
        assertEquals(0x00cccccccccc4000L, packet.ip());
    }

    @Test
    void shouldRejectReservedIpCompression() {
        assertEquals(BAD_PACKET, decode(0xad, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(BAD_PACKET, decode(0xed, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldReportTruncatedIpPacketAsEos() {
        assertEquals(EOS, decode(0x2d, 0x01));
        assertEquals(EOS, decode(0xcd, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldDecodeTnt8WithoutStopBit() {
        // 0x22 = 0b0010_0010: payload 0b10001 -> stop bit 4, bits 0001.
        assertEquals(1, decode(0x22));
        assertEquals(PacketType.TNT_8, packet.type());
        assertEquals(4, packet.tntBitSize());
        assertEquals(0b0001L, packet.tntPayload());
    }

    @Test
    void shouldDecodeTnt64AndRejectEmptyPayload() {
        assertEquals(8, decode(0x02, 0xa3, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00));
        assertEquals(PacketType.TNT_64, packet.type());
        assertEquals(2, packet.tntBitSize());
        assertEquals(1L, packet.tntPayload());
        assertEquals(BAD_PACKET, decode(0x02, 0xa3, 0, 0, 0, 0, 0, 0));
        assertEquals(BAD_PACKET, decode(0x02, 0xa3, 1, 0, 0, 0, 0, 0));
        assertEquals(EOS, decode(0x02, 0xa3, 0x05, 0x00));
    }

    @Test
    void shouldDecodeModeLeavesAndRejectUnknownLeaf() {
        assertEquals(2, decode(0x99, 0x05));
        assertEquals(PacketType.MODE_EXEC, packet.type());
        assertTrue(packet.execCsl());
        assertFalse(packet.execCsd());
        assertTrue(packet.execIflag());
        assertEquals(2, decode(0x99, 0x22));
        assertEquals(PacketType.MODE_TSX, packet.type());
        assertFalse(packet.tsxIntx());
        assertTrue(packet.tsxAbrt());
        assertEquals(BAD_PACKET, decode(0x99, 0x40));
        assertEquals(EOS, decode(0x99));
    }

    @Test
    void shouldDecodePipWithNonRootBit() {
        assertEquals(8, decode(0x02, 0x43, 0xfb, 0xfa, 0x0a, 0x00, 0x00, 0x00));
        assertEquals(PacketType.PIP, packet.type());
        assertEquals(0xafafa0L, packet.pipCr3());
        assertTrue(packet.pipNr());
        assertEquals(EOS, decode(0x02, 0x43, 0xfb, 0xfa));
    }

    @Test
    void shouldDecodeTimingPackets() {
        assertEquals(8, decode(0x19, 0x45, 0x23, 0x01, 0, 0, 0, 0x80));
        assertEquals(PacketType.TSC, packet.type());
        assertEquals(0x80000000012345L, packet.tsc());
        assertEquals(4, decode(0x02, 0x03, 0x24, 0x00));
        assertEquals(0x24, packet.cbrRatio());
        assertEquals(7, decode(0x02, 0x73, 0x12, 0x00, 0x00, 0x34, 0x01));
        assertEquals(PacketType.TMA, packet.type());
        assertEquals(0x12, packet.tmaCtc());
        assertEquals(0x134, packet.tmaFc());
        assertEquals(2, decode(0x59, 0x94));
        assertEquals(0x94, packet.mtcCtc());
        assertEquals(EOS, decode(0x59));
        assertEquals(EOS, decode(0x19, 0, 0, 0));
    }

    @Test
    void shouldRejectTmaWithReservedBitsUnlessSkz84() {
        assertEquals(BAD_PACKET, decode(0x02, 0x73, 0x12, 0x00, 0x01, 0x34, 0x00));
        assertEquals(BAD_PACKET, decode(0x02, 0x73, 0x12, 0x00, 0x00, 0x00, 0x02));
        PacketDecoderConfig skz84 = PacketDecoderConfig.builder().errata(Errata.of(Erratum.SKZ84))
                .build();
        assertEquals(8, decode(skz84, 0x02, 0x73, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00));
        assertEquals(PacketType.INVALID, packet.type());
        assertEquals(8, packet.size());
    }

    @Test
    void shouldDecodeMultiByteCyc() {
        assertEquals(1, decode(0x0b));
        assertEquals(PacketType.CYC, packet.type());
        assertEquals(1L, packet.cycValue());
        // 0xbf: value 0x17, ext; 0x04: 2 << 5, no ext.
        assertEquals(2, decode(0xbf, 0x04));
        assertEquals(0x17L | (2L << 5), packet.cycValue());
        assertEquals(EOS, decode(0x07));
    }

    @Test
    void shouldRejectCycLongerThan64Bits() {
        int[] b = new int[11];
        b[0] = 0x07;
        for (int i = 1; i < b.length; i++) {
            b[i] = 0x03;
        }
        assertEquals(BAD_PACKET, decode(b));
    }

    @Test
    void shouldReportOvfForCutCycUnderSkd007() {
        int[] b = {0xf7, 0x02, 0xf3, 0x00};
        assertEquals(2, decode(b));
        assertEquals(PacketType.CYC, packet.type());
        PacketDecoderConfig skd007 = PacketDecoderConfig.builder().skd007(true).build();
        PacketDecoder dec = new PacketDecoder(bytes(b), skd007);
        dec.syncSet(0);
        assertEquals(2, dec.next(packet));
        assertEquals(PacketType.OVF, packet.type());
        assertEquals(3, dec.offset());
        assertEquals(1, dec.next(packet));
        assertEquals(PacketType.PAD, packet.type());
    }

    @Test
    void shouldDecodeVmcsAndMnt() {
        assertEquals(7, decode(0x02, 0xc8, 0xcd, 0xab, 0x00, 0x00, 0x00));
        assertEquals(PacketType.VMCS, packet.type());
        assertEquals(0xabcd000L, packet.vmcsBase());
        assertEquals(11, decode(0x02, 0xc3, 0x88, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0x42, 0x22, 0x2a));
        assertEquals(PacketType.MNT, packet.type());
        assertEquals(0x2a2242e5d4c3b2a1L, packet.mntPayload());
        assertEquals(BAD_OPC, decode(0x02, 0xc3, 0x89, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(EOS, decode(0x02, 0xc3));
        assertEquals(EOS, decode(0x02, 0xc3, 0x88, 0x01));
    }

    @Test
    void shouldDecodePowerPackets() {
        assertEquals(2, decode(0x02, 0xe2));
        assertEquals(PacketType.EXSTOP, packet.type());
        assertTrue(packet.exstopIp());
        assertEquals(2, decode(0x02, 0x62));
        assertFalse(packet.exstopIp());
        assertEquals(10, decode(0x02, 0xc2, 0x0b, 0, 0, 0, 0x01, 0, 0, 0));
        assertEquals(0x0b, packet.mwaitHints());
        assertEquals(1, packet.mwaitExt());
        assertEquals(4, decode(0x02, 0x22, 0x08, 0x12));
        assertEquals(PacketType.PWRE, packet.type());
        assertEquals(1, packet.pwreState());
        assertEquals(2, packet.pwreSubState());
        assertTrue(packet.pwreHw());
        assertEquals(7, decode(0x02, 0xa2, 0x05, 0x04, 0, 0, 0));
        assertEquals(PacketType.PWRX, packet.type());
        assertEquals(0, packet.pwrxLast());
        assertEquals(5, packet.pwrxDeepest());
        assertTrue(packet.pwrxStore());
        assertFalse(packet.pwrxInterrupt());
        assertFalse(packet.pwrxAutonomous());
        assertEquals(EOS, decode(0x02, 0xc2, 0x0b));
    }

    @Test
    void shouldDecodePtwAndRejectReservedSize() {
        assertEquals(6, decode(0x02, 0x92, 0xef, 0xcd, 0xab, 0x90));
        assertEquals(PacketType.PTW, packet.type());
        assertEquals(0, packet.ptwPlc());
        assertEquals(0x90abcdefL, packet.ptwPayload());
        assertTrue(packet.ptwIp());
        assertEquals(10, decode(0x02, 0x32, 1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(1, packet.ptwPlc());
        assertEquals(0x0807060504030201L, packet.ptwPayload());
        assertEquals(BAD_PACKET, decode(0x02, 0x52, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(EOS, decode(0x02, 0x32, 1, 2, 3));
    }

    @Test
    void shouldDecodeEventTracingPackets() {
        assertEquals(4, decode(0x02, 0x13, 0x83, 0x00));
        assertEquals(PacketType.CFE, packet.type());
        assertEquals(3, packet.cfeType());
        assertTrue(packet.cfeIp());
        assertEquals(4, decode(0x02, 0x13, 0x01, 0x0e));
        assertEquals(14, packet.cfeVector());
        assertEquals(11, decode(0x02, 0x53, 0x02, 0xaa, 0x0b, 0xf0, 0, 0, 0, 0, 0));
        assertEquals(PacketType.EVD, packet.type());
        assertEquals(2, packet.evdType());
        assertEquals(0xf00baaL, packet.evdPayload());
        assertEquals(EOS, decode(0x02, 0x53, 0x02));
    }

    @Test
    void shouldDecodeTrigWithAndWithoutInstructionCount() {
        assertEquals(3, decode(0xd9, 0x20, 0xa1));
        assertEquals(PacketType.TRIG, packet.type());
        assertEquals(0xa1, packet.trigTrbv());
        assertTrue(packet.trigMult());
        assertFalse(packet.trigIcntv());
        assertEquals(5, decode(0xd9, 0xc0, 0xa1, 0x17, 0x00));
        assertTrue(packet.trigIp());
        assertTrue(packet.trigIcntv());
        assertEquals(23, packet.trigIcnt());
        assertEquals(EOS, decode(0xd9, 0x40, 0xa1, 0x17));
    }

    @Test
    void shouldReportUnknownOpcodes() {
        assertEquals(BAD_OPC, decode(0xc9));
        assertEquals(BAD_OPC, decode(0x02, 0x04));
        assertEquals(EOS, decode(0x02));
    }

    @Test
    void shouldNotAdvanceOnError() {
        PacketDecoder dec = new PacketDecoder(bytes(0x00, 0xc9, 0x00));
        dec.syncSet(0);
        assertEquals(1, dec.next(packet));
        assertEquals(BAD_OPC, dec.next(packet));
        assertEquals(1, dec.offset());
    }

    @Test
    void shouldRequireSyncBeforeDecoding() {
        PacketDecoder dec = new PacketDecoder(bytes(0x00));
        assertEquals(-PtError.NOSYNC.code(), dec.next(packet));
        assertEquals(-PtError.NOSYNC.code(), dec.offset());
        assertEquals(-PtError.NOSYNC.code(), dec.syncOffset());
        assertEquals(EOS, dec.syncSet(2));
        assertEquals(0, dec.syncSet(1));
        assertEquals(EOS, dec.next(packet));
    }

    @Test
    void shouldSyncForwardToEachPsbInTurn() {
        int[] trace = concat(new int[] {0x00, 0x00, 0x00}, PSB, new int[] {0x02, 0x23}, PSB,
                new int[] {0x00});
        PacketDecoder dec = new PacketDecoder(bytes(trace));
        assertEquals(0, dec.syncForward());
        assertEquals(3, dec.offset());
        assertEquals(3, dec.syncOffset());
        assertEquals(0, dec.syncForward());
        assertEquals(21, dec.offset());
        assertEquals(EOS, dec.syncForward());
    }

    @Test
    void shouldFindPsbPartlyConsumedByPrecedingPacket() {
        // A bogus MNT swallows the first half of the next PSB; the search backs up 15 bytes.
        int[] trace = concat(PSB, new int[] {0x02, 0xc3, 0x88}, PSB);
        PacketDecoder dec = new PacketDecoder(bytes(trace));
        assertEquals(0, dec.syncSet(0));
        assertEquals(16, dec.next(packet));
        assertEquals(11, dec.next(packet));
        assertEquals(PacketType.MNT, packet.type());
        assertEquals(27, dec.offset());
        assertEquals(0, dec.syncForward());
        assertEquals(19, dec.offset());
        assertEquals(19, dec.syncOffset());
    }

    @Test
    void shouldReportEosWithoutPsb() {
        PacketDecoder dec = new PacketDecoder(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(EOS, dec.syncForward());
        assertEquals(EOS, dec.syncBackward());
    }

    @Test
    void shouldSyncBackwardFromTheEnd() {
        int[] trace = concat(PSB, new int[] {0x02, 0x23}, PSB, new int[] {0, 0, 0, 0, 0, 0});
        PacketDecoder dec = new PacketDecoder(bytes(trace));
        assertEquals(0, dec.syncBackward());
        assertEquals(18, dec.offset());
        assertEquals(0, dec.syncBackward());
        assertEquals(0, dec.offset());
        assertEquals(EOS, dec.syncBackward());
    }

    @Test
    void shouldDecodeAtOffsetWithoutState() {
        ByteBuffer buf = bytes(0x00, 0x59, 0x07).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, PacketDecoder.decodeAt(buf, 1, PacketDecoderConfig.DEFAULT, packet));
        assertEquals(PacketType.MTC, packet.type());
        assertEquals(EOS, PacketDecoder.decodeAt(buf, 3, PacketDecoderConfig.DEFAULT, packet));
        assertEquals(-PtError.NOSYNC.code(),
                PacketDecoder.decodeAt(buf, -1, PacketDecoderConfig.DEFAULT, packet));
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decodeAt(
                bytes(0).order(ByteOrder.BIG_ENDIAN), 0, PacketDecoderConfig.DEFAULT, packet));
    }

    @Test
    void shouldDecodeAfterPadsWhatSkippingThemThenDecodingFinds() {
        ByteBuffer buf = bytes(0x00, 0x00, 0x59, 0x07, 0x0c, 0x00, 0x2d, 0x34, 0x12, 0x00, 0x00)
                .order(ByteOrder.LITTLE_ENDIAN);
        PacketDecoderConfig config = PacketDecoderConfig.DEFAULT;
        // Two PADs, then an MTC.
        assertEquals(4, PacketDecoder.decodeAfterPads(buf, 0, config, packet));
        assertEquals(PacketType.MTC, packet.type());
        // No PAD, a tnt.8 (the fast path).
        assertEquals(1, PacketDecoder.decodeAfterPads(buf, 4, config, packet));
        assertEquals(PacketType.TNT_8, packet.type());
        assertEquals(2, packet.tntBitSize());
        // A PAD, then a TIP with a 16-bit update.
        assertEquals(4, PacketDecoder.decodeAfterPads(buf, 5, config, packet));
        assertEquals(PacketType.TIP, packet.type());
        assertEquals(0x1234, packet.ip());
        // Only PADs to the end, or nothing: the end of the trace, nothing consumed.
        assertEquals(EOS, PacketDecoder.decodeAfterPads(buf, 9, config, packet));
        assertEquals(EOS, PacketDecoder.decodeAfterPads(buf, 11, config, packet));
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decodeAfterPads(
                bytes(0).order(ByteOrder.BIG_ENDIAN), 0, config, packet));
    }

    @Test
    void shouldDecodeAfterPadsLikeDecodeAtAfterThePadsOnRandomBytes() {
        java.util.Random random = new java.util.Random(7);
        Packet expected = new Packet();
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            // Runs of PADs and tnt.8s, as real traces have.
            for (int i = 0; i < b.length; i += 1 + random.nextInt(4)) {
                b[i] = (byte) (random.nextBoolean() ? 0 : 2 * (2 + random.nextInt(126)));
            }
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at <= b.length; at++) {
                int pads = 0;
                while (at + pads < b.length && b[at + pads] == 0) {
                    pads++;
                }
                int want = PacketDecoder.decodeAt(buf, at + pads, PacketDecoderConfig.DEFAULT,
                        expected);
                int got = PacketDecoder.decodeAfterPads(buf, at, PacketDecoderConfig.DEFAULT,
                        packet);
                if (want < 0) {
                    assertEquals(want, got, "error at " + at);
                    continue;
                }
                assertEquals(pads + want, got, "bytes consumed at " + at);
                assertEquals(expected.type(), packet.type(), "type at " + at);
                assertEquals(expected.size(), packet.size(), "size at " + at);
            }
        }
    }

    @Test
    void shouldWalkIpPacketsAsTheGeneralReaderDecodesThem() {
        java.util.Random random = new java.util.Random(11);
        int[] ipOpcodes = {0x0d, 0x11, 0x01, 0x1d};
        Packet expected = new Packet();
        int ipPackets = 0;
        for (int round = 0; round < 1000; round++) {
            // IP packets of every compression (reserved ones too), tnt.8s and random bytes.
            byte[] b = new byte[8 + random.nextInt(120)];
            random.nextBytes(b);
            for (int i = 0; i < b.length; i += 1 + random.nextInt(10)) {
                b[i] = (byte) (ipOpcodes[random.nextInt(4)] | random.nextInt(8) << 5);
            }
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            PacketDecoder dec = new PacketDecoder(buf);
            dec.syncSet(0);
            for (;;) {
                long at = dec.offset();
                int want = PacketDecoder.decodeAt(buf, at, PacketDecoderConfig.DEFAULT, expected);
                int got = dec.next(packet);
                assertEquals(want, got, "status at " + at);
                if (got < 0) {
                    assertEquals(at, dec.offset(), "moved on error at " + at);
                    break;
                }
                assertEquals(expected.type(), packet.type(), "type at " + at);
                assertEquals(expected.size(), packet.size(), "size at " + at);
                if (expected.type() == PacketType.TIP || expected.type() == PacketType.FUP
                        || expected.type() == PacketType.TIP_PGE
                        || expected.type() == PacketType.TIP_PGD) {
                    ipPackets++;
                    assertEquals(expected.ipc(), packet.ipc(), "ipc at " + at);
                    assertEquals(expected.ip(), packet.ip(), "ip at " + at);
                }
            }
        }
        assertTrue(ipPackets > 500, "too few IP packets: " + ipPackets);
    }

    @Test
    void shouldReadOnlyUpToTheBufferLimitWithoutChangingIt() {
        ByteBuffer buf = bytes(0x59, 0x07, 0x59);
        buf.limit(1);
        PacketDecoder dec = new PacketDecoder(buf);
        dec.syncSet(0);
        assertEquals(EOS, dec.next(packet));
        assertEquals(1, buf.limit());
        assertEquals(ByteOrder.BIG_ENDIAN, buf.order());
    }

    @Test
    void shouldNeverThrowOrStallOnRandomBytes() {
        java.util.Random random = new java.util.Random(42);
        PacketDecoderConfig errata = PacketDecoderConfig.builder().skd007(true).skz84(true).build();
        for (int round = 0; round < 200; round++) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            // Sprinkle PSB halves so the sync search has something to chew on.
            for (int i = 0; i + 1 < b.length; i += 1 + random.nextInt(8)) {
                b[i] = 0x02;
                b[i + 1] = (byte) 0x82;
            }
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            for (PacketDecoderConfig config : new PacketDecoderConfig[] {PacketDecoderConfig.DEFAULT, errata}) {
                for (int at = 0; at <= b.length; at++) {
                    int st = PacketDecoder.decodeAt(buf, at, config, packet);
                    assertTrue(st != 0, "zero-size packet at " + at);
                }
                PacketDecoder dec = new PacketDecoder(buf, config);
                dec.syncSet(0);
                int steps = 0;
                for (;;) {
                    long before = dec.offset();
                    int st = dec.next(packet);
                    if (st == EOS) {
                        break;
                    }
                    if (st < 0) {
                        if (dec.syncForward() < 0) {
                            break;
                        }
                        assertTrue(dec.offset() > before || dec.offset() == dec.syncOffset());
                    } else {
                        assertTrue(dec.offset() > before);
                    }
                    assertTrue(++steps < 10 * b.length + 10, "decoder does not progress");
                }
                PacketDecoder back = new PacketDecoder(buf, config);
                int syncs = 0;
                while (back.syncBackward() == 0) {
                    assertTrue(++syncs <= b.length, "backward sync does not progress");
                }
            }
        }
    }
}
