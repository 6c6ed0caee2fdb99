package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareBranchRecorderTest {
    @TempDir
    Path dir;

    private RecordingManifest record(List<String> argv, long max) throws IOException {
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv));
                RecordingWriter w = RecordingWriter.create(dir.resolve("rec"))) {
            boolean ended = new SoftwareBranchRecorder(e, w).record(max, 0);
            if (!ended) {
                e.close();
            }
            return w.commit("sw", "test", CpuInfo.read(), argv, e.pid(),
                    ended ? e.exitCode() : -1);
        }
    }

    private static long totalBranches(RecordingManifest m) {
        return m.threads().stream().mapToLong(RecordingManifest.ThreadEntry::branches).sum();
    }

    /**
     * Records {@code argv} and checks it against the C stepper's trace of the same run judged by
     * objdump's instruction lengths: the same number of taken branches, each record a real one.
     */
    private RecordingManifest recordAndCheckAgainstObjdump(List<String> argv) throws Exception {
        Path trace = dir.resolve("c.trace");
        NativePrograms.StepperResult c = NativePrograms.cStep(argv, trace);
        ObjdumpLengths objdump = new ObjdumpLengths(Path.of(argv.get(0)));
        long expected = objdump.countTaken(trace);
        RecordingManifest m = record(argv, 0);
        assertEquals(1, m.threads().size());
        assertEquals(c.steps(), m.steps());
        assertEquals(expected, totalBranches(m));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("rec").resolve(
                m.threads().get(0).file()))).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long from = b.getLong();
            long to = b.getLong();
            b.getLong();
            assertTrue(objdump.taken(from, to), Long.toHexString(from) + " -> "
                    + Long.toHexString(to));
        }
        // The window rule alone misses the short forward jumps that the length decoder finds.
        assertTrue(expected > c.branches(), expected + " vs window rule " + c.branches());
        assertEquals(m.threads().get(0).instructions(), rebuild(m, objdump),
                "instructions rebuilt from the records");
        return m;
    }

    /**
     * Rebuilds the flow as a BTS decoder would: from the thread's start, walk instruction by
     * instruction (objdump's lengths) to each record's from address, then jump to its to address;
     * finally walk to the end pc. Returns the instructions walked; fails when a walk never lands
     * on the next from address (a branch the records miss).
     */
    private long rebuild(RecordingManifest m, ObjdumpLengths objdump) throws IOException {
        return rebuild(m.threads().get(0), objdump);
    }

    private long rebuild(RecordingManifest.ThreadEntry t, ObjdumpLengths objdump)
            throws IOException {
        long pc = hex(t.startPc());
        long count = 0;
        try (BranchRecordReader in = Recording.open(dir.resolve("rec")).records(t.tid())) {
            BranchRecord r = new BranchRecord();
            while (in.next(r) == 1) {
                count += walk(pc, r.from, objdump) + 1;
                pc = r.to;
            }
        }
        return count + walk(pc, hex(t.endPc()), objdump);
    }

    private static long walk(long from, long to, ObjdumpLengths objdump) {
        long n = 0;
        for (long pc = from; pc != to; pc += objdump.length(pc)) {
            assertTrue(++n < 1_000_000, "no record for a branch between 0x"
                    + Long.toHexString(from) + " and 0x" + Long.toHexString(to));
        }
        return n;
    }

    @Test
    void shouldRecordEveryTakenBranchOfALoop() throws Exception {
        RecordingManifest m = recordAndCheckAgainstObjdump(List.of(NativePrograms.build("loop",
                true).toString(), "200"));
        assertEquals(7, m.exitCode());
    }

    @Test
    void shouldRecordEveryTakenBranchOfARecursiveFunction() throws Exception {
        RecordingManifest m = recordAndCheckAgainstObjdump(List.of(NativePrograms.build(
                "recursive", true).toString(), "12"));
        assertEquals(144, m.exitCode()); // fib(12)
    }

    @Test
    void shouldRecordEachThreadOfATwoThreadProgramInItsOwnFile() throws Exception {
        List<String> argv = List.of(NativePrograms.build("threads", true).toString());
        NativePrograms.StepperResult c = NativePrograms.cStep(argv);
        RecordingManifest m = record(argv, 0);
        assertEquals(2, m.threads().size());
        assertEquals(3, m.exitCode());
        for (RecordingManifest.ThreadEntry t : m.threads()) {
            assertTrue(t.branches() > 200, t.toString()); // each thread's loop runs 200 times
            assertEquals(t.branches() * 24, Files.size(dir.resolve("rec").resolve(t.file())));
        }
        // Which thread waits how long on the other varies from run to run; the work does not.
        long total = m.steps();
        assertTrue(Math.abs(total - c.steps()) < c.steps() / 20, total + " vs " + c);
        ObjdumpLengths objdump = new ObjdumpLengths(Path.of(argv.get(0)));
        for (RecordingManifest.ThreadEntry t : m.threads()) {
            assertEquals(t.instructions(), rebuild(t, objdump), "thread " + t.tid());
        }
    }

    @Test
    void shouldWriteRecordsWhoseAddressesLieInRecordedImages() throws IOException {
        List<String> argv = List.of(NativePrograms.build("loop", false).toString(), "20");
        RecordingManifest m = record(argv, 0);
        assertTrue(m.images().stream().anyMatch(i -> i.path().equals(argv.get(0))), m.images()
                .toString());
        assertTrue(m.images().stream().anyMatch(i -> i.path().contains("libc")), m.images()
                .toString());
        assertTrue(m.images().stream().filter(i -> i.path().equals("[vdso]"))
                .allMatch(i -> i.file() != null), "vdso copied");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("rec").resolve(
                m.threads().get(0).file()))).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(m.threads().get(0).branches() * 24, b.capacity());
        while (b.hasRemaining()) {
            long from = b.getLong();
            long to = b.getLong();
            assertEquals(0, b.getLong());
            assertTrue(inImage(m, from) && inImage(m, to), Long.toHexString(from) + " -> "
                    + Long.toHexString(to));
        }
    }

    private static boolean inImage(RecordingManifest m, long a) {
        return m.images().stream().anyMatch(i -> Long.compareUnsigned(a, hex(i.start())) >= 0
                && Long.compareUnsigned(a, hex(i.end())) < 0);
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.substring(2), 16);
    }

    @Test
    void shouldRecordTheImagesOfEachProgramAnExecStarts() throws Exception {
        // execs runs itself again: the second program's image lies where the first one's was.
        Path exe = NativePrograms.build("execs", true);
        RecordingManifest m = record(List.of(exe.toString()), 0);
        assertEquals(4, m.exitCode());
        assertEquals(1, m.threads().size());
        RecordingManifest.ThreadEntry t = m.threads().get(0);
        assertEquals(1, t.execs().size());
        long before = t.execs().get(0);
        assertTrue(before > 0 && before < t.branches(), t.toString());
        for (int gen = 0; gen <= 1; gen++) {
            int g = gen;
            assertTrue(m.images().stream().anyMatch(i -> i.generation() == g
                    && i.path().equals(exe.toString())), m.images().toString());
        }
    }

    @Test
    void shouldStopAtInstructionLimitAndMarkProgramUnfinished() throws IOException {
        List<String> argv = List.of(NativePrograms.build("loop", true).toString(), "100000");
        RecordingManifest m = record(argv, 5000);
        assertEquals(5000, m.instructions());
        assertEquals(-1, m.exitCode());
        assertFalse(Files.exists(dir.resolve(".rec.tmp")));
    }

    @Test
    void shouldStopAfterTheDurationLimit() throws IOException {
        List<String> argv = List.of(NativePrograms.build("spin", true).toString());
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv));
                RecordingWriter w = RecordingWriter.create(dir.resolve("rec"))) {
            long t0 = System.nanoTime();
            assertFalse(new SoftwareBranchRecorder(e, w).record(0, 300));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 10_000, ms + " ms");
        }
    }

    @Test
    void shouldStopWhenAnotherThreadRequestsIt() throws Exception {
        List<String> argv = List.of(NativePrograms.build("spin", true).toString());
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv));
                RecordingWriter w = RecordingWriter.create(dir.resolve("rec"))) {
            SoftwareBranchRecorder r = new SoftwareBranchRecorder(e, w);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException x) {
                    return;
                }
                r.requestStop();
            });
            stopper.start();
            assertFalse(r.record(0, 60_000));
            stopper.join();
            assertTrue(e.steps() > 0);
        }
    }

    @Test
    void shouldCountTakenBranchesOutsideFallThroughWindow() {
        assertTrue(SoftwareBranchRecorder.taken(0x1000, 0x0fff));
        assertTrue(SoftwareBranchRecorder.taken(0x1000, 0x1010));
        assertFalse(SoftwareBranchRecorder.taken(0x1000, 0x100f));
        assertFalse(SoftwareBranchRecorder.taken(0x1000, 0x1000));
        assertTrue(SoftwareBranchRecorder.taken(0xffffffffffffff00L, 0x10));
    }

    @Test
    void shouldCountTakenBranchesByInstructionLengthWhenKnown() {
        assertTrue(SoftwareBranchRecorder.taken(0x1000, 2, 0x1004)); // jne over 2 bytes
        assertFalse(SoftwareBranchRecorder.taken(0x1000, 2, 0x1002));
        assertFalse(SoftwareBranchRecorder.taken(0x1000, 2, 0x1000)); // rep iteration
        assertTrue(SoftwareBranchRecorder.taken(0x1000, -1, 0x2000));
        assertFalse(SoftwareBranchRecorder.taken(0x1000, -1, 0x1004));
    }
}
