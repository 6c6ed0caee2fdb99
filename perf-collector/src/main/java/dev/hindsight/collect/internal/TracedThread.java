package dev.hindsight.collect.internal;

import dev.hindsight.collect.sys.Registers;

/** The engine's state of one traced thread. */
public final class TracedThread {
    /** The thread id. */
    public final int tid;
    /** Its registers as of its last stop. */
    public final Registers regs = new Registers();
    /** The pc of its last stop; -1 before its first. */
    public long pc = -1;
    /** A signal to deliver with its next resumption, 0 for none. */
    public int pendingSignal;
    /** Whether its first stop (THREAD_START) has been seen. */
    public boolean started;
    /**
     * Whether the next SIGTRAP only ends the system call it is stopped in (an exec event stop) and
     * executed no instruction: stepping out of a syscall-stop traps at the syscall's exit, which
     * after an exec is the new image's first instruction, where the thread already stands.
     */
    public boolean syscallExitTrap;
    /** Whether it is in a ptrace-stop now (not resumed since its last report). */
    public boolean stopped;

    /** A thread not yet seen stopping. */
    public TracedThread(int tid) {
        this.tid = tid;
    }
}
