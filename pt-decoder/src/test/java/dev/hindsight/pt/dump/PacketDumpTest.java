package dev.hindsight.pt.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.time.TimeEstimator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketDumpTest {
    private static final int[] PSB = {0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82, 0x02, 0x82,
        0x02, 0x82, 0x02, 0x82, 0x02, 0x82};

    private static ByteBuffer bytes(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        for (int[] p : parts) {
            for (int x : p) {
                buf.put((byte) x);
            }
        }
        return buf.flip();
    }

    private static String dump(PtdumpOptions options, int[]... parts) throws IOException {
        StringBuilder out = new StringBuilder();
        new PacketDump(bytes(parts), PacketDecoderConfig.DEFAULT, options, out).dump();
        return out.toString();
    }

    private static String dump(int[]... parts) throws IOException {
        return dump(PtdumpOptions.DEFAULT, parts);
    }

    @Test
    void shouldPrintOffsetMnemonicAndPayloadColumns() throws IOException {
        assertEquals("0000000000000000  psb\n"
                + "0000000000000010  psbend\n"
                + "0000000000000012  fup        1: ????????????1007\n"
                + "0000000000000015  tnt.8      .!\n",
                dump(PSB, new int[] {0x02, 0x23, 0x3d, 0x07, 0x10, 0x0a}));
    }

    @Test
    void shouldSkipToFirstPsbUnlessNoSync() throws IOException {
        int[] pre = {0x00, 0x99, 0x01};
        assertEquals("0000000000000003  psb\n", dump(pre, PSB));
        String noSync = dump(PtdumpOptions.builder().noSync(true).build(), pre, PSB);
        assertEquals("0000000000000000  pad\n"
                + "0000000000000001  mode.exec  cs.l\n"
                + "0000000000000003  psb\n", noSync);
    }

    @Test
    void shouldPrintNothingWithoutPsb() throws IOException {
        assertEquals("", dump(new int[] {0x00, 0x00}));
    }

    @Test
    void shouldReportDecodeErrorAndResyncAtNextPsb() throws IOException {
        String out = dump(PSB, new int[] {0xc9, 0x00}, PSB);
        assertEquals("0000000000000000  psb\n"
                + "[10: error decoding packet: unknown opcode]\n"
                + "0000000000000012  psb\n", out);
    }

    @Test
    void shouldShowRawBytesWithoutOffset() throws IOException {
        PtdumpOptions o = PtdumpOptions.builder().showOffset(false).showRawBytes(true).build();
        assertEquals("02820282028202820282028202820282  psb\n"
                + "0223                              psbend\n",
                dump(o, PSB, new int[] {0x02, 0x23}));
    }

    @Test
    void shouldTrackLastIp() throws IOException {
        PtdumpOptions o = PtdumpOptions.builder().showLastIp(true).build();
        String out = dump(o, PSB, new int[] {0x0d, 0x3d, 0x07, 0x10, 0x0d});
        // A suppressed IP before any IP is "no ip"; libipt reports it before the packet's line.
        assertEquals("0000000000000000  psb\n"
                + "[10: error tracking last-ip: no ip]\n"
                + "0000000000000010  tip        0: ????????????????       ip   <unavailable>\n"
                + "0000000000000011  fup        1: ????????????1007       ip   0000000000001007\n"
                + "0000000000000014  tip        0: ????????????????       ip   <suppressed>\n",
                out);
    }

    @Test
    void shouldShowExecModeAndIflag() throws IOException {
        PtdumpOptions o = PtdumpOptions.builder().showExecMode(true).build();
        assertEquals("0000000000000000  psb\n"
                + "0000000000000010  mode.exec  cs.l, if                  em   64-bit\n"
                + "0000000000000012  mode.exec                           em   16-bit\n",
                dump(o, PSB, new int[] {0x99, 0x05, 0x99, 0x00}));
    }

    @Test
    void shouldFormatPayloadPackets() throws IOException {
        String out = dump(PSB, new int[] {
            0x02, 0x43, 0xfb, 0xfa, 0x0a, 0x00, 0x00, 0x00,     // pip afafa0, nr
            0x02, 0xc2, 0x0b, 0, 0, 0, 0x01, 0, 0, 0,           // mwait
            0x02, 0x22, 0x00, 0xff,                             // pwre c0.0
            0x02, 0xa2, 0x05, 0x01, 0, 0, 0,                    // pwrx int: c1, c6
            0x02, 0x92, 0xef, 0xcd, 0xab, 0x90,                 // ptw 0: 90abcdef, ip
            0x02, 0x13, 0x05, 0xce,                             // cfe sipi
            0x02, 0x13, 0x0e, 0x80,                             // cfe swintr 128
            0x02, 0x53, 0x02, 0xaa, 0x0b, 0xf0, 0, 0, 0, 0, 0,  // evd vmxr
            0xd9, 0xe0, 0xa1, 0x17, 0x00,                       // trig
            0x02, 0x73, 0x12, 0x00, 0x00, 0x34, 0x00,           // tma
        });
        assertEquals(List.of(
                "0000000000000000  psb",
                "0000000000000010  pip        afafa0, nr                cr3  0000000000afafa0",
                "0000000000000018  mwait      0000000b, 00000001",
                "0000000000000022  pwre       c0.0",
                "0000000000000026  pwrx       int: c1, c6",
                "000000000000002d  ptw        0: 90abcdef, ip",
                "0000000000000033  cfe        5: ce                     type sipi",
                "0000000000000037  cfe        14: 128                   type swintr",
                "000000000000003b  evd        2: f00baa                 type vmxr",
                "0000000000000046  trig       a1, ip, mult, icnt: 23",
                "000000000000004b  tma        12, 34"), List.of(out.split("\n")));
    }

    @Test
    void shouldHidePadAndTimingOnRequest() throws IOException {
        int[] body = {0x00, 0x59, 0x07, 0x0b, 0x02, 0x23};
        assertEquals("0000000000000000  psb\n0000000000000014  psbend\n",
                dump(PtdumpOptions.builder().noPad(true).noTiming(true).build(), PSB, body));
        assertEquals("", dump(PtdumpOptions.builder().quiet(true).build(), PSB, body));
        String noCyc = dump(PtdumpOptions.builder().noCyc(true).build(), PSB, body);
        assertEquals(4, noCyc.split("\n").length, noCyc);
    }

    @Test
    void shouldShowTimeDeltasOnTimingPackets() throws IOException {
        PtdumpOptions o = PtdumpOptions.builder().showTime(true).showTimeAsDelta(true).build();
        String out = dump(o, PSB, new int[] {0x02, 0x23, 0x19, 0x00, 0x00, 0x0a, 0, 0, 0, 0,
            0x02, 0x03, 0x02, 0x00});
        assertEquals("0000000000000000  psb\n"
                + "0000000000000010  psbend\n"
                + "0000000000000012  tsc        a0000                     tsc  +a0000\n"
                + "000000000000001a  cbr        2\n", out);
    }

    @Test
    void shouldCallHookBeforePacketsAtTimingUpdatesAndAtEnd() throws IOException {
        List<String> calls = new ArrayList<>();
        PacketDumpHook hook = new PacketDumpHook() {
            @Override
            public void beforePacket(long offset, Packet packet, Appendable out) {
                calls.add("packet " + offset);
            }

            @Override
            public void onTime(long offset, TimeEstimator time, Appendable out) {
                calls.add("time " + offset + " " + Long.toHexString(time.tsc()));
            }

            @Override
            public void onEnd(Appendable out) throws IOException {
                out.append("end\n");
                calls.add("end");
            }
        };
        StringBuilder out = new StringBuilder();
        PtdumpOptions o = PtdumpOptions.builder().trackTime(true).build();
        new PacketDump(bytes(PSB, new int[] {0x19, 0x00, 0x01, 0, 0, 0, 0, 0}),
                PacketDecoderConfig.DEFAULT, o, out, hook).dump();
        assertEquals(List.of("packet 0", "packet 16", "time 16 100", "end"), calls);
        assertEquals(true, out.toString().endsWith("end\n"));
    }
}
