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
        assertEquals(c.steps(), m.instructions());
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
        return m;
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
    void shouldRecordEachThreadOfATwoThreadProgramInItsOwnFile() throws IOException {
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
        long total = m.instructions();
        assertTrue(Math.abs(total - c.steps()) < c.steps() / 20, total + " vs " + c);
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
            assertTrue(ms >= 300 && ms < 3000, ms + " ms");
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
