package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.LibC;
import dev.hindsight.collect.internal.sys.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The ptrace(2) and waitpid(2) calls of one tracer thread, with failures turned into
 * {@link SysCallException}.
 *
 * <p>Linux binds a tracee to the tracer <em>thread</em> that attached it: every request must come
 * from that thread, so an instance is confined to the thread that made it and checks this on the
 * calls that are not on the per-step path. It owns the direct memory that {@code waitpid} and
 * {@code PTRACE_GETEVENTMSG} write to, so the per-step calls allocate nothing.
 */
public final class Ptrace {
    /** PTRACE_GETFPREGS: copy {@code struct user_fpregs_struct} (the FXSAVE area). */
    public static final int PTRACE_GETFPREGS = 14;
    /** PTRACE_GETREGS: copy {@code struct user_regs_struct}. */
    public static final int PTRACE_GETREGS = 12;
    /** PTRACE_SINGLESTEP: run one instruction, then stop with SIGTRAP. */
    public static final int PTRACE_SINGLESTEP = 9;
    /** PTRACE_CONT: run until the next stop. */
    public static final int PTRACE_CONT = 7;
    /** PTRACE_KILL. */
    public static final int PTRACE_KILL = 8;
    /** PTRACE_DETACH. */
    public static final int PTRACE_DETACH = 17;
    /** PTRACE_SETOPTIONS. */
    public static final int PTRACE_SETOPTIONS = 0x4200;
    /** PTRACE_GETEVENTMSG: the new tid of a clone, the former tid of an exec. */
    public static final int PTRACE_GETEVENTMSG = 0x4201;
    /** PTRACE_GETSIGINFO. */
    public static final int PTRACE_GETSIGINFO = 0x4202;
    /** PTRACE_SEIZE: attach without stopping. */
    public static final int PTRACE_SEIZE = 0x4206;
    /** PTRACE_INTERRUPT: stop a seized tracee. */
    public static final int PTRACE_INTERRUPT = 0x4207;

    /** Option: stop at clone() and attach the new thread. */
    public static final int O_TRACECLONE = 0x08;
    /** Option: stop after a successful execve(). */
    public static final int O_TRACEEXEC = 0x10;
    /** Option: stop at fork(). */
    public static final int O_TRACEFORK = 0x02;
    /** Option: stop at vfork(). */
    public static final int O_TRACEVFORK = 0x04;
    /** Option: kill every tracee when the tracer exits, so a crashed JVM leaves no stopped process. */
    public static final int O_EXITKILL = 0x100000;

    /** Event: clone. */
    public static final int EVENT_CLONE = 3;
    /** Event: exec. */
    public static final int EVENT_EXEC = 4;
    /** Event: fork. */
    public static final int EVENT_FORK = 1;
    /** Event: vfork. */
    public static final int EVENT_VFORK = 2;
    /** Event: a group-stop or PTRACE_INTERRUPT of a seized tracee. */
    public static final int EVENT_STOP = 128;

    /** waitpid option: wait for all children, threads included. */
    public static final int WALL = 0x40000000;
    /**
     * waitpid option: only children and tracees of the calling thread, not those of the JVM's
     * other threads (e.g. {@code ProcessBuilder} children, which the JDK's reaper waits for).
     */
    public static final int WNOTHREAD = 0x20000000;
    /** waitpid option: return at once if nothing is ready. */
    public static final int WNOHANG = 1;
    /** waitpid option: report group-stops of (untraced) children. */
    public static final int WUNTRACED = 2;

    private final LibC libc = Native.libc();
    private final Thread owner = Thread.currentThread();
    private final Pointer scratch = Memory.allocateDirect(Native.runtime(), 16);
    private final long scratchAddress = scratch.address();
    private final Pointer siginfo = Memory.allocateDirect(Native.runtime(), 128);

    /** The facade for the calling thread, which becomes the tracer thread. */
    public Ptrace() {
    }

    /** Attaches to {@code tid} without stopping it and sets {@code options}. */
    public void seize(int tid, int options) {
        checkThread();
        call(PTRACE_SEIZE, tid, 0, options, "PTRACE_SEIZE");
    }

    /** Stops a seized tracee; it reports a PTRACE_EVENT_STOP. */
    public void interrupt(int tid) {
        call(PTRACE_INTERRUPT, tid, 0, 0, "PTRACE_INTERRUPT");
    }

    /** Sets the ptrace options of a tracee. */
    public void setOptions(int tid, int options) {
        call(PTRACE_SETOPTIONS, tid, 0, options, "PTRACE_SETOPTIONS");
    }

    /** Runs one instruction of a stopped tracee, delivering {@code signal} (0 for none) first. */
    public void singleStep(int tid, int signal) {
        if (libc.ptrace(PTRACE_SINGLESTEP, tid, 0, signal) == -1) {
            throw fail(PTRACE_SINGLESTEP, tid, "PTRACE_SINGLESTEP");
        }
    }

    /** Resumes a stopped tracee, delivering {@code signal} (0 for none). */
    public void cont(int tid, int signal) {
        call(PTRACE_CONT, tid, 0, signal, "PTRACE_CONT");
    }

    /** Detaches from a stopped tracee, delivering {@code signal} (0 for none). */
    public void detach(int tid, int signal) {
        call(PTRACE_DETACH, tid, 0, signal, "PTRACE_DETACH");
    }

    /** Copies the general registers of a stopped tracee into {@code regs}. */
    public void getRegs(int tid, Registers regs) {
        if (libc.ptrace(PTRACE_GETREGS, tid, 0, regs.address()) == -1) {
            throw fail(PTRACE_GETREGS, tid, "PTRACE_GETREGS");
        }
    }

    /**
     * The low 64 bits of a stopped tracee's {@code xmm0..xmm15} (what scalar float and double
     * values use), from {@code struct user_fpregs_struct}'s {@code xmm_space} at byte 160.
     */
    public long[] xmmLow(int tid) {
        Pointer fx = Memory.allocateDirect(Native.runtime(), 512);
        call(PTRACE_GETFPREGS, tid, 0, fx.address(), "PTRACE_GETFPREGS");
        long[] r = new long[16];
        for (int i = 0; i < r.length; i++) {
            r[i] = fx.getLong(160 + 16L * i);
        }
        return r;
    }

    /** The message of the last event stop: a clone's new tid, an exec's former tid. */
    public long eventMessage(int tid) {
        call(PTRACE_GETEVENTMSG, tid, 0, scratchAddress, "PTRACE_GETEVENTMSG");
        return scratch.getLong(0);
    }

    /** The si_code of the signal that stopped the tracee (e.g. TRAP_TRACE = 2 for a step). */
    public int sigInfoCode(int tid) {
        call(PTRACE_GETSIGINFO, tid, 0, siginfo.address(), "PTRACE_GETSIGINFO");
        return siginfo.getInt(8);
    }

    /**
     * Waits for a state change of {@code pid} (-1: any child or tracee), returning its tid, or 0
     * with {@link #WNOHANG} when nothing is ready; {@link #status()} then holds the status word.
     * EINTR is retried.
     */
    public int waitpid(int pid, int options) {
        while (true) {
            int r = libc.waitpid(pid, scratchAddress + 8, options);
            if (r >= 0) {
                return r;
            }
            int errno = Native.errno();
            if (errno != Errno.EINTR) {
                throw new SysCallException(errno, "waitpid(" + pid + ")");
            }
        }
    }

    /** The status word of the last {@link #waitpid} that returned a tid. */
    public int status() {
        return scratch.getInt(8);
    }

    /** Sends {@code signal} to the whole process {@code pid}. */
    public void kill(int pid, int signal) {
        if (libc.kill(pid, signal) == -1) {
            throw new SysCallException(Native.errno(), "kill(" + pid + ", " + signal + ")");
        }
    }

    private void call(int request, int tid, long addr, long data, String name) {
        if (libc.ptrace(request, tid, addr, data) == -1) {
            throw fail(request, tid, name);
        }
    }

    private static SysCallException fail(int request, int tid, String name) {
        return new SysCallException(Native.errno(), "ptrace(" + name + ", " + tid + ")");
    }

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("ptrace used from thread " + Thread.currentThread()
                    .getName() + ", but its tracer thread is " + owner.getName());
        }
    }
}
