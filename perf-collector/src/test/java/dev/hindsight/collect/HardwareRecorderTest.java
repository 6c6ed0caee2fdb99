package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.bundle.TraceBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardware recorder's process following and bundle writing, with collectors that stand in
 * for the PT/BTS events this machine lacks: each writes its tid as its "trace".
 */
class HardwareRecorderTest {
    @TempDir
    Path dir;

    private final List<String> opened = Collections.synchronizedList(new ArrayList<>());

    private final class FakeCollector implements ThreadCollector {
        private final int tid;
        private final Path dir;
        private boolean enabled;
        private int polls;

        FakeCollector(int tid, boolean atExec, Path dir) {
            this.tid = tid;
            this.dir = dir;
            opened.add(atExec ? "exec" : "now");
        }

        @Override
        public int tid() {
            return tid;
        }

        @Override
        public void enable() {
            enabled = true;
        }

        @Override
        public void poll() {
            polls++;
        }

        @Override
        public Result finish() throws IOException {
            Path f = Files.createTempFile(dir, "fake-", ".pt");
            Files.writeString(f, (enabled ? "enabled " : "at-exec ") + tid);
            return new Result(tid, BundleManifest.KIND_PT, f, List.of(
                    new BundleManifest.Gap(0, "truncated", 0)), new byte[0], Map.of("fake", "1"),
                    null);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shouldFollowEveryThreadAndWriteABundleWithTheImages() throws IOException {
        Path prog = NativePrograms.build("threads", false);
        Path out = dir.resolve("t.hsb");
        Recorder.Outcome o = HardwareRecorder.record(new Recorder.Request(RecordMethod.PT, out,
                List.of(prog.toString()), 0, true, 0, 0),
                new MachineSupport.Verdict(RecordMethod.PT, true, "fake"),
                new CpuInfo("GenuineIntel", 6, 85, 4, "x", Set.of()),
                FakeCollector::new, s -> { });
        assertTrue(o.ended());
        assertEquals(3, o.exitCode());
        assertEquals(List.of("exec", "now"), opened);
        try (TraceBundle b = TraceBundle.open(out)) {
            BundleManifest m = b.manifest();
            assertEquals("pt", m.method());
            assertEquals(2, m.threads().size());
            int main = m.pid();
            var s = b.stream(main);
            byte[] bytes = new byte[s.remaining()];
            s.get(bytes);
            assertEquals("at-exec " + main, new String(bytes));
            int other = b.threadIds().stream().filter(t -> t != main).findFirst().orElseThrow();
            s = b.stream(other);
            bytes = new byte[s.remaining()];
            s.get(bytes);
            assertEquals("enabled " + other, new String(bytes));
            assertEquals("truncated", m.threads().get(0).gaps().get(0).reason());
            assertTrue(m.images().stream().anyMatch(i -> prog.toString().equals(i.path())),
                    m.images().toString());
            assertTrue(m.images().stream().anyMatch(i -> i.path().contains("libc")),
                    m.images().toString());
            assertTrue(m.images().stream().anyMatch(i -> i.path().equals("[vdso]")
                    && i.entry().startsWith("memory/")), m.images().toString());
        }
        try (var l = Files.list(dir)) {
            assertFalse(l.anyMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }

    @Test
    void shouldStopOnRequestKillTheProgramAndStillWriteTheBundle() throws Exception {
        Path prog = NativePrograms.build("spin", false);
        Path out = dir.resolve("s.hsb");
        java.util.concurrent.atomic.AtomicBoolean stop =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            stop.set(true);
        });
        t.start();
        Recorder.Outcome o = HardwareRecorder.record(new Recorder.Request(RecordMethod.BTS, out,
                List.of(prog.toString()), 0, true, 0, 0),
                new MachineSupport.Verdict(RecordMethod.BTS, true, "fake"),
                new CpuInfo("GenuineIntel", 6, 85, 4, "x", Set.of()), FakeCollector::new, s -> { },
                stop);
        t.join();
        assertFalse(o.ended());
        assertEquals(-1, o.exitCode());
        try (TraceBundle b = TraceBundle.open(out)) {
            assertEquals(1, b.threadIds().size());
            assertEquals("bts", b.manifest().method());
        }
    }

    @Test
    void shouldAttachToEveryThreadAndDetachOnStop() throws Exception {
        Path prog = NativePrograms.build("spin", false);
        // Through a shell, so that the JDK's reaper does not wait for (and steal) its stops.
        Process sh = new ProcessBuilder("/bin/sh", "-c", prog + " >/dev/null 2>&1 & echo $!")
                .start();
        int pid = Integer.parseInt(new String(sh.getInputStream().readAllBytes()).trim());
        try {
            Path out = dir.resolve("a.hsb");
            Recorder.Outcome o = HardwareRecorder.record(new Recorder.Request(RecordMethod.PT,
                    out, List.of(), pid, false, 0, 200),
                    new MachineSupport.Verdict(RecordMethod.PT, true, "fake"),
                    new CpuInfo("GenuineIntel", 6, 85, 4, "x", Set.of()), FakeCollector::new,
                    s -> { });
            assertFalse(o.ended());
            assertEquals(List.of("now"), opened);
            try (TraceBundle b = TraceBundle.open(out)) {
                assertEquals(List.of(pid), b.threadIds());
                assertEquals(null, b.manifest().command());
                assertTrue(b.manifest().images().stream().anyMatch(i -> prog.toString().equals(
                        i.path())), b.manifest().images().toString());
            }
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the attached process runs on");
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
