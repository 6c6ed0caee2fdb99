package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.sys.ProcMaps;
import dev.hindsight.collect.sys.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's process-level behaviour: signals, exec, attach/detach, memory, ASLR. */
class SingleStepEngineProcessTest {
    private static int runToEnd(SingleStepEngine e, int kindToCount) {
        StepEvent ev = new StepEvent();
        int n = 0;
        int k;
        while ((k = e.next(ev)) != StepEvent.END) {
            if (k == kindToCount) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldPassSignalsOnToTheProgramsHandler() {
        Path p = NativePrograms.build("signals", true);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                p.toString())))) {
            assertEquals(1, runToEnd(e, StepEvent.SIGNAL));
            assertEquals(11, e.exitCode());
        }
    }

    @Test
    void shouldReportDeathBySignalAs128PlusSignal() {
        Path p = NativePrograms.build("signals", true);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                p.toString(), "crash")))) {
            runToEnd(e, StepEvent.SIGNAL);
            assertEquals(128 + 11, e.exitCode());
        }
    }

    @Test
    void shouldFollowExecIntoTheNewImage() {
        Path p = NativePrograms.build("execs", true);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                p.toString())))) {
            assertEquals(1, runToEnd(e, StepEvent.EXEC));
            assertEquals(4, e.exitCode());
        }
    }

    @Test
    void shouldReadTheTraceesMemory() throws IOException {
        Path p = NativePrograms.build("loop", false);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                p.toString())))) {
            ProcMaps.Mapping exe = ProcMaps.read(e.pid()).stream()
                    .filter(m -> m.path().equals(p.toString()) && m.offset() == 0).findFirst()
                    .orElseThrow();
            byte[] b = new byte[4];
            assertEquals(4, e.memory().read(exe.start(), b, 0, 4));
            assertArrayEquals("\u007fELF".getBytes(StandardCharsets.ISO_8859_1), b);
            assertEquals(0x464c457fL, e.memory().readLong(exe.start()) & 0xffffffffL);
        }
    }

    @Test
    void shouldStartAtTheSameAddressTwiceWithAslrOff() {
        Path p = NativePrograms.build("loop", false);
        long[] pcs = new long[2];
        for (int i = 0; i < 2; i++) {
            try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                    p.toString())))) {
                pcs[i] = e.pc(e.pid());
            }
        }
        assertEquals(pcs[0], pcs[1]);
    }

    @Test
    void shouldAttachStepAndDetachLeavingTheProcessRunning() throws Exception {
        Path spin = NativePrograms.build("spin", true);
        // Started through a shell so that the JDK's process reaper does not wait for it.
        Process sh = new ProcessBuilder("/bin/sh", "-c", spin + " >/dev/null 2>&1 & echo $!")
                .start();
        int pid = Integer.parseInt(new String(sh.getInputStream().readAllBytes(),
                StandardCharsets.US_ASCII).trim());
        sh.waitFor();
        try {
            try (SingleStepEngine e = SingleStepEngine.attach(pid)) {
                StepEvent ev = new StepEvent();
                assertEquals(StepEvent.THREAD_START, e.next(ev));
                assertEquals(pid, ev.tid);
                int steps = 0;
                while (steps < 1000) {
                    assertEquals(StepEvent.STEP, e.next(ev));
                    steps++;
                }
                assertEquals(1000, e.steps());
            }
            Thread.sleep(200);
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            assertEquals('R', state, stat); // detached and spinning again
            assertEquals("0", Files.readString(Path.of("/proc/" + pid + "/status")).lines()
                    .filter(l -> l.startsWith("TracerPid:")).findFirst().orElseThrow()
                    .substring(10).trim());
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldRefuseToAttachToAMissingProcess() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> SingleStepEngine.attach(Integer.MAX_VALUE));
        assertEquals("no process " + Integer.MAX_VALUE, e.getMessage());
    }

    @Test
    void shouldKillTheLaunchedProgramOnClose() {
        Path spin = NativePrograms.build("spin", true);
        SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                spin.toString())));
        int pid = e.pid();
        StepEvent ev = new StepEvent();
        for (int i = 0; i < 100; i++) {
            e.next(ev);
        }
        e.close();
        assertEquals(128 + Signals.SIGKILL, e.exitCode());
        assertTrue(ProcessHandle.of(pid).isEmpty());
    }
}
