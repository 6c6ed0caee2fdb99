package dev.hindsight.collect.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PtraceTest {
    @Test
    void shouldTurnErrnoIntoNamedSysCallException() {
        SysCallException e = assertThrows(SysCallException.class,
                () -> new Ptrace().singleStep(Integer.MAX_VALUE, 0));
        assertEquals("ESRCH", e.errnoName());
        assertEquals("ptrace(PTRACE_SINGLESTEP, 2147483647): ESRCH (No such process)",
                e.getMessage());
    }

    @Test
    void shouldReportNoChildFromWaitpid() {
        SysCallException e = assertThrows(SysCallException.class,
                () -> new Ptrace().waitpid(Integer.MAX_VALUE, Ptrace.WALL));
        assertEquals(Errno.ECHILD, e.errno());
    }

    @Test
    void shouldRefuseUseFromAnotherThreadThanTheTracer() throws InterruptedException {
        Ptrace p = new Ptrace();
        Throwable[] got = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                p.seize(1, 0);
            } catch (Throwable x) {
                got[0] = x;
            }
        });
        t.start();
        t.join();
        assertEquals(IllegalStateException.class, got[0].getClass());
    }

    @Test
    void shouldDecodeWaitStatusWords() {
        assertEquals(true, WaitStatus.exited(7 << 8));
        assertEquals(7, WaitStatus.exitCode(7 << 8));
        assertEquals(true, WaitStatus.signaled(9));
        assertEquals(9, WaitStatus.termSignal(9));
        int execStop = (Ptrace.EVENT_EXEC << 16) | (Signals.SIGTRAP << 8) | 0x7f;
        assertEquals(true, WaitStatus.stopped(execStop));
        assertEquals(Signals.SIGTRAP, WaitStatus.stopSignal(execStop));
        assertEquals(Ptrace.EVENT_EXEC, WaitStatus.event(execStop));
    }

    @Test
    void shouldNameUnknownErrnoByNumber() {
        assertEquals("errno 200", Errno.name(200));
        assertEquals("EPERM", Errno.name(Errno.EPERM));
    }
}
