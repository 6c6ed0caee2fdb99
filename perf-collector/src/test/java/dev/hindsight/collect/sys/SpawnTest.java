package dev.hindsight.collect.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpawnTest {
    @Test
    void shouldStopTheTrampolineBeforeItExecs() throws Exception {
        Ptrace ptrace = new Ptrace();
        int pid = Spawn.spawnStopped(List.of("/bin/true"), Map.of(), false, null, "/dev/null",
                "/dev/null");
        assertEquals(-1, Spawn.awaitStopped(ptrace, pid));
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid
                + "/stat"));
        assertEquals('T', stat.charAt(stat.lastIndexOf(')') + 2), stat);
        // Untraced, SIGCONT lets it exec and exit normally.
        ptrace.kill(pid, Signals.SIGCONT);
        int tid = ptrace.waitpid(pid, 0);
        assertEquals(pid, tid);
        assertEquals(true, WaitStatus.exited(ptrace.status()));
        assertEquals(0, WaitStatus.exitCode(ptrace.status()));
    }

    @Test
    void shouldStartTheProgramWithNoBlockedOrIgnoredSignals() throws Exception {
        Ptrace ptrace = new Ptrace();
        java.nio.file.Path out = java.nio.file.Files.createTempFile("spawn", ".txt");
        try {
            int pid = Spawn.spawnStopped(List.of("/bin/grep", "^Sig[BI]", "/proc/self/status"),
                    Map.of(), false, null, out.toString(), "/dev/null");
            assertEquals(-1, Spawn.awaitStopped(ptrace, pid));
            ptrace.kill(pid, Signals.SIGCONT);
            ptrace.waitpid(pid, 0);
            assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n",
                    java.nio.file.Files.readString(out));
        } finally {
            java.nio.file.Files.delete(out);
        }
    }

    @Test
    void shouldReportTheShellsExitWhenTheProgramCannotRun() {
        Ptrace ptrace = new Ptrace();
        int pid = Spawn.spawnStopped(List.of("/no/such/file"), Map.of(), false, null, "/dev/null",
                "/dev/null");
        assertEquals(-1, Spawn.awaitStopped(ptrace, pid));
        ptrace.kill(pid, Signals.SIGCONT);
        ptrace.waitpid(pid, 0);
        assertEquals(127, WaitStatus.exitCode(ptrace.status()));
    }
}
