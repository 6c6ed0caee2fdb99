package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.bundle.TraceBundle;
import dev.hindsight.collect.sys.Registers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRecordingTest {
    @TempDir
    Path dir;

    private final List<String> said = new ArrayList<>();

    /** The address of {@code symbol} in a non-PIE program, from {@code nm}. */
    private static long symbol(Path prog, String symbol) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nm", prog.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String l : out.split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(symbol)) {
                return Long.parseUnsignedLong(f[0], 16);
            }
        }
        throw new IllegalStateException("no " + symbol + " in " + prog);
    }

    @Test
    void shouldStopAtABreakpointKeepTheProcessAndGoOnToTheEnd() throws Exception {
        Path prog = NativePrograms.build("loop", true);
        long main = symbol(prog, "main");
        try (LiveRecording r = LiveRecording.start(RecordMethod.SW, List.of(prog.toString(), "50"), 0, false,
                MachineSupport.probe(), said::add)) {
            r.breakpoints(new long[] {main});
            assertEquals(SoftwareBranchRecorder.BREAKPOINT, r.run(0));
            int tid = r.stopTid();
            assertEquals(r.pid(), tid);
            assertEquals(main, r.pc(tid));
            assertEquals(main, r.registers(tid)[Registers.RIP]);
            assertTrue(Files.isDirectory(Path.of("/proc", Integer.toString(r.pid()))));
            byte[] code = new byte[1];
            assertEquals(1, r.memory().read(main, code, 0, 1));
            assertEquals(r.executable(), prog.toRealPath());
            assertEquals(0x400000L, r.loadBase(prog));

            Path first = dir.resolve("first.hsb");
            r.snapshot(first);
            long firstBytes;
            try (TraceBundle b = TraceBundle.open(first)) {
                assertEquals(main, b.thread(tid).currentPc());
                firstBytes = b.thread(tid).trace().remaining();
            }
            // Going on from the breakpoint executes it first, then runs to the end.
            assertEquals(SoftwareBranchRecorder.ENDED, r.run(0));
            assertTrue(r.exited());
            assertEquals(7, r.exitCode());
            assertEquals(null, r.registers(tid));
            Path second = dir.resolve("second.hsb");
            r.snapshot(second);
            try (TraceBundle b = TraceBundle.open(second)) {
                assertTrue(b.thread(tid).trace().remaining() > firstBytes + 50 * 24);
            }
        }
    }

    @Test
    void shouldStopAfterTheInstructionLimitAndKillTheProgramOnClose() throws Exception {
        Path prog = NativePrograms.build("loop", true);
        int pid;
        try (LiveRecording r = LiveRecording.start(null, List.of(prog.toString(), "100000000"), 0, false,
                MachineSupport.probe(), said::add)) {
            pid = r.pid();
            assertEquals(SoftwareBranchRecorder.LIMIT, r.run(500));
            assertFalse(r.exited());
            assertEquals(SoftwareBranchRecorder.LIMIT, r.run(10));
            assertTrue(r.launched());
        }
        assertFalse(Files.exists(Path.of("/proc", Integer.toString(pid))));
    }

    @Test
    void shouldStopOnSigintWithoutPassingItOnAndOnRequest() throws Exception {
        Path prog = NativePrograms.build("loop", true);
        try (LiveRecording r = LiveRecording.start(RecordMethod.SW, List.of(prog.toString(), "100000000"), 0, false,
                MachineSupport.probe(), said::add)) {
            int pid = r.pid();
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    new ProcessBuilder("kill", "-INT", Integer.toString(pid)).start().waitFor();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            assertEquals(SoftwareBranchRecorder.INTERRUPTED, r.run(0));
            t.join();
            // The SIGINT was dropped, as gdb drops the Ctrl-C that stopped a program.
            assertEquals(SoftwareBranchRecorder.LIMIT, r.run(1000));
            assertFalse(r.exited());
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.requestStop();
            });
            stopper.start();
            assertEquals(SoftwareBranchRecorder.STOPPED, r.run(0));
            stopper.join();
        }
    }

    @Test
    void shouldRefuseHardwareMethodsItCannotUse() {
        Path prog = NativePrograms.build("loop", true);
        RecordingException e = assertThrows(RecordingException.class, () -> LiveRecording.start(RecordMethod.BTS,
                List.of(prog.toString()), 0, false, MachineSupport.probe(), said::add));
        assertTrue(e.getMessage().startsWith("-m bts "), e.getMessage());
    }
}
