package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random packet sequences and random bytes: the event and query decoders must always make
 * progress, never throw, and report only libipt error codes, with and without errata workarounds.
 * (Like libipt, some impossible sequences such as FUP, FUP, TIP end in {@code -INTERNAL}.)
 */
class EventDecoderRobustnessTest {
    private static final QueryConfig ALL_ERRATA = QueryConfig.builder().bdm70(true).skd010(true).apl11(true)
            .apl12(true).skd007(true).skz84(true).skl168(true).enableIflagsEvents(true).keepTcalOnOvf(true)
            .mtcFreq(3).nomFreq(37).cpuid15(2, 308).build();

    private static void randomPacket(PtBytes pt, Random rnd) {
        long ip = 0x400000L + rnd.nextInt(0x1000);
        switch (rnd.nextInt(26)) {
            case 0: pt.psbEnabled(ip); break;
            case 1: pt.psbDisabled(); break;
            case 2: pt.tnt8(rnd.nextInt(64), 1 + rnd.nextInt(6)); break;
            case 3: pt.tnt64(rnd.nextLong() & 0x7fffffffL, 1 + rnd.nextInt(31)); break;
            case 4: pt.tip(ip); break;
            case 5: pt.tip(0, 0); break;
            case 6: pt.tipPge(ip); break;
            case 7: pt.tipPgd(ip); break;
            case 8: pt.tipPgdNoIp(); break;
            case 9: pt.fup(ip); break;
            case 10: pt.modeExec(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean()); break;
            case 11: pt.modeTsx(rnd.nextBoolean(), rnd.nextBoolean()); break;
            case 12: pt.pip(rnd.nextInt() & 0xfffffe0L, rnd.nextBoolean()); break;
            case 13: pt.vmcs(0xabc000L); break;
            case 14: pt.ovf(); break;
            case 15: pt.tsc(rnd.nextInt(1 << 20)).tma(rnd.nextInt(0x10000), rnd.nextInt(0x200)); break;
            case 16: pt.mtc(rnd.nextInt(256)).cyc(rnd.nextInt(32)); break;
            case 17: pt.cbr(1 + rnd.nextInt(60)); break;
            case 18: pt.mwait(rnd.nextInt(16), 0); break;
            case 19: pt.pwre(rnd.nextInt(16), rnd.nextInt(16), rnd.nextBoolean()); break;
            case 20: pt.exstop(rnd.nextBoolean()); break;
            case 21: pt.pwrx(rnd.nextInt(16), rnd.nextInt(16), rnd.nextBoolean()); break;
            case 22: pt.ptw(rnd.nextLong(), rnd.nextBoolean(), rnd.nextBoolean()); break;
            case 23: pt.cfe(1 + rnd.nextInt(14), rnd.nextInt(256), rnd.nextBoolean()); break;
            case 24: pt.evd(rnd.nextInt(3), rnd.nextLong()); break;
            default: pt.trig(rnd.nextInt(256), rnd.nextBoolean() ? -1 : rnd.nextInt(4), rnd.nextBoolean(),
                    rnd.nextBoolean());
                break;
        }
    }

    /** Decodes everything, resyncing after errors; returns the number of events. */
    private static int drain(byte[] trace, QueryConfig config) {
        EventDecoder dec = new EventDecoder(trace, config);
        PtEvent ev = new PtEvent();
        int events = 0;
        int rc = dec.syncForward();
        for (int steps = 0; steps < 1_000_000; steps++) {
            if (rc == -PtError.EOS.code() && dec.offset() >= trace.length - 1) {
                return events;
            }
            if (rc < 0) {
                assertTrue(-rc < PtError.values().length, "unknown error " + rc + " at " + dec.offset());
                rc = dec.syncForward();
                if (rc == -PtError.EOS.code()) {
                    return events;
                }
                continue;
            }
            rc = dec.next(ev);
            if (rc >= 0) {
                events++;
            }
        }
        throw new AssertionError("no progress");
    }

    private static void query(byte[] trace, QueryConfig config) {
        QueryDecoder q = new QueryDecoder(trace, config);
        PtEvent ev = new PtEvent();
        int rc = q.syncForward();
        for (int steps = 0; steps < 1_000_000; steps++) {
            if (rc < 0) {
                assertTrue(-rc < PtError.values().length, "unknown error " + rc);
                rc = q.syncForward();
                if (rc == -PtError.EOS.code()) {
                    return;
                }
                continue;
            }
            if ((rc & StatusFlag.EVENT_PENDING) != 0) {
                rc = q.event(ev);
                continue;
            }
            if ((rc & StatusFlag.EOS) != 0) {
                return;
            }
            rc = q.condBranch();
            if (rc == -PtError.BAD_QUERY.code()) {
                rc = q.indirectBranch();
            }
        }
        throw new AssertionError("no progress");
    }

    @Test
    void shouldSurviveRandomPacketSequences() {
        Random rnd = new Random(42);
        int total = 0;
        for (int round = 0; round < 300; round++) {
            PtBytes pt = new PtBytes().psbEnabled(0x400000);
            int n = 5 + rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                randomPacket(pt, rnd);
            }
            byte[] bytes = pt.bytes();
            total += drain(bytes, QueryConfig.DEFAULT);
            total += drain(bytes, ALL_ERRATA);
            query(bytes, ALL_ERRATA);
        }
        assertTrue(total > 1000, "events decoded: " + total);
    }

    @Test
    void shouldSurviveRandomBytesBetweenPsbs() {
        Random rnd = new Random(7);
        int total = 0;
        for (int round = 0; round < 200; round++) {
            PtBytes pt = new PtBytes();
            for (int part = 0; part < 4; part++) {
                pt.psbEnabled(0x1000);
                int n = rnd.nextInt(80);
                int[] junk = new int[n];
                for (int i = 0; i < n; i++) {
                    junk[i] = rnd.nextInt(256);
                }
                pt.raw(junk);
            }
            byte[] bytes = pt.bytes();
            total += drain(bytes, QueryConfig.DEFAULT);
            total += drain(bytes, ALL_ERRATA);
            query(bytes, QueryConfig.DEFAULT);
        }
        assertTrue(total > 200, "events decoded: " + total);
    }
}
