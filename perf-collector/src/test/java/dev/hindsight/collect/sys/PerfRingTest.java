package dev.hindsight.collect.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.internal.sys.Native;
import org.junit.jupiter.api.Test;

/**
 * The ring reader against the real kernel, with a software event (task-clock sampling of the
 * test's own thread: hardware events are not available on every machine, software ones are).
 */
class PerfRingTest {
    /** 8 + 32 = 40-byte samples: 4096 is no multiple of 40, so records straddle the ring's end. */
    private static final long SAMPLE_TYPE = PerfEventAttr.SAMPLE_IP | PerfEventAttr.SAMPLE_TID
            | PerfEventAttr.SAMPLE_TIME | PerfEventAttr.SAMPLE_PERIOD;
    private static final int SYS_GETTID = 186;

    private static volatile long sink;

    /** A sample every {@code periodNanos} of this thread's CPU time. */
    private static PerfEvent taskClock(long periodNanos) {
        return PerfEvent.open(new PerfEventAttr().type(PerfEventAttr.TYPE_SOFTWARE)
                .config(PerfEventAttr.SW_TASK_CLOCK).samplePeriod(periodNanos)
                .sampleType(SAMPLE_TYPE)
                .flags(PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_KERNEL
                        | PerfEventAttr.FLAG_EXCLUDE_HV), 0, -1);
    }

    private static void burn(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x += i * x + 1;
            }
        }
        sink = x;
    }

    @Test
    void shouldReadSamplesAcrossManyWrapArounds() {
        int tid = (int) Native.libc().syscall(SYS_GETTID, 0, 0, 0, 0, 0, 0);
        int pid = (int) ProcessHandle.current().pid();
        try (PerfEvent ev = taskClock(50_000); PerfRing ring = ev.mapRing(1)) {
            assertEquals(4096, ring.dataSize());
            PerfRing.Record r = new PerfRing.Record();
            long samples = 0;
            long lastTime = 0;
            boolean wrapped = false;
            ev.enable();
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end && ring.tail() < 8 * ring.dataSize()) {
                burn(500_000);
                ev.disable(); // no samples of the reading itself, so the test stays fast
                while (ring.next(r) == 1) {
                    if (r.type == PerfRing.RECORD_SAMPLE) {
                        // ip, pid (u32), tid (u32), time, period after the 8-byte header.
                        assertEquals(40, r.size);
                        assertEquals(pid, r.u32(16));
                        assertEquals(tid, r.u32(20));
                        assertTrue(r.u64(32) >= 50_000, "period " + r.u64(32));
                        long time = r.u64(24);
                        assertTrue(time >= lastTime, "time goes forward");
                        lastTime = time;
                        samples++;
                    }
                    long start = r.position % ring.dataSize();
                    wrapped |= start + r.size > ring.dataSize();
                }
                ev.enable();
            }
            ev.disable();
            assertTrue(ring.tail() > 2 * ring.dataSize(), "ring went round: " + ring.tail());
            assertTrue(wrapped, "some record straddled the ring's end");
            assertTrue(samples > 200, samples + " samples");
        }
    }

    @Test
    void shouldReportLostSamplesWhenTheReaderFallsBehind() {
        try (PerfEvent ev = taskClock(20_000); PerfRing ring = ev.mapRing(1)) {
            PerfRing.Record r = new PerfRing.Record();
            ev.enable();
            burn(30_000_000L); // about 1500 samples; one page holds 102
            ev.disable();
            long before = 0;
            while (ring.next(r) == 1) {
                assertEquals(PerfRing.RECORD_SAMPLE, r.type);
                before++;
            }
            ev.enable();
            burn(2_000_000L); // now there is room: the kernel reports what it dropped
            ev.disable();
            long lost = 0;
            while (ring.next(r) == 1) {
                if (r.type == PerfRing.RECORD_LOST) {
                    assertEquals(24, r.size);
                    lost += r.u64(16);
                }
            }
            assertTrue(before > 50 && before <= 4096 / 40, before + " records before");
            assertTrue(lost > 100, lost + " samples reported lost");
        }
    }

    @Test
    void shouldNameTheFailingCallForABadEvent() {
        SysCallException e = assertThrows(SysCallException.class, () -> PerfEvent.open(
                new PerfEventAttr().type(PerfEventAttr.TYPE_SOFTWARE).config(12345), 0, -1));
        assertTrue(e.getMessage().startsWith("perf_event_open(pid 0, cpu -1): "), e.getMessage());
    }

    @Test
    void shouldRefuseRingSizesThatAreNotPowersOfTwo() {
        try (PerfEvent ev = taskClock(1_000_000)) {
            assertThrows(IllegalArgumentException.class, () -> ev.mapRing(3));
        }
    }
}
