package dev.hindsight.collect;

import dev.hindsight.collect.internal.ThreadTable;
import dev.hindsight.collect.internal.TracedThread;
import dev.hindsight.collect.sys.Errno;
import dev.hindsight.collect.sys.ProcessMemory;
import dev.hindsight.collect.sys.Ptrace;
import dev.hindsight.collect.sys.Signals;
import dev.hindsight.collect.sys.Spawn;
import dev.hindsight.collect.sys.SysCallException;
import dev.hindsight.collect.sys.WaitStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a process one instruction at a time under ptrace and reports, thread by thread, where each
 * instruction went: the engine under the software branch recorder, the full recorder and the
 * fixtures' ground truth.
 *
 * <p>Every thread runs on its own: {@link #next} single-steps the thread reported last, then waits
 * for whichever thread stops next ({@code waitpid(-1, __WALL)}), so a thread blocked in a system
 * call does not hold up the others. New threads are followed (PTRACE_O_TRACECLONE), an exec is
 * reported (PTRACE_O_TRACEEXEC), signals are passed on to the thread they were meant for, and the
 * exit of each thread and of the process is reported. Child processes (fork) run untraced.
 *
 * <p>The per-step path is three system calls, as in a C single-stepper: PTRACE_SINGLESTEP,
 * waitpid and PTRACE_GETREGS, into holders allocated once. Like every ptrace user, an engine must
 * be driven from the thread that created it. A SIGTRAP that arrives while a thread is stepped is
 * taken as the end of the step (the program's own int3 traps are not passed on).
 */
public final class SingleStepEngine implements AutoCloseable {
    private static final int OPTIONS = Ptrace.O_TRACECLONE | Ptrace.O_TRACEEXEC;
    /** Any tracee thread of ours, and nothing the JVM's other threads started. */
    private static final int WAIT_ANY_OPTIONS = Ptrace.WALL | Ptrace.WNOTHREAD;

    private final Ptrace ptrace;
    private final int pid;
    private final boolean launched;
    private final ThreadTable threads = new ThreadTable();
    private final ProcessMemory memory;
    private TracedThread resume;
    private boolean ended;
    private int exitCode = -1;
    private long steps;

    private SingleStepEngine(Ptrace ptrace, int pid, boolean launched) {
        this.ptrace = ptrace;
        this.pid = pid;
        this.launched = launched;
        this.memory = new ProcessMemory(pid);
    }

    /**
     * Starts {@code spec}'s program and stops it on its first instruction (after the exec; see
     * {@link Spawn} for how). The first {@link #next} executes that instruction.
     *
     * @throws LaunchException when the program cannot be found or run
     */
    public static SingleStepEngine launch(LaunchSpec spec) {
        List<String> argv = spec.resolvedArgv();
        Ptrace ptrace = new Ptrace();
        int pid = Spawn.spawnStopped(argv, spec.env(), spec.noAslr(), str(spec.stdin()),
                str(spec.stdout()), str(spec.stderr()));
        int early = Spawn.awaitStopped(ptrace, pid);
        if (early >= 0) {
            throw new LaunchException(argv.get(0) + ": the launcher shell exited with " + early);
        }
        SingleStepEngine engine = new SingleStepEngine(ptrace, pid, true);
        try {
            ptrace.seize(pid, OPTIONS | Ptrace.O_EXITKILL);
            ptrace.kill(pid, Signals.SIGCONT);
            engine.runToExec(argv.get(0));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * Attaches to every thread of the running process {@code pid} and stops them; each is then
     * reported as {@link StepEvent#THREAD_START}. {@link #close} detaches and lets it run on.
     *
     * @throws LaunchException when there is no such process or it may not be traced
     */
    public static SingleStepEngine attach(int pid) {
        Path task = Path.of("/proc", Integer.toString(pid), "task");
        if (!Files.isDirectory(task)) {
            throw new LaunchException("no process " + pid);
        }
        Ptrace ptrace = new Ptrace();
        SingleStepEngine engine = new SingleStepEngine(ptrace, pid, false);
        try {
            // Threads may start while we attach: list again until no new one appears.
            Set<Integer> seen = new HashSet<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (int tid : tids(task)) {
                    if (seen.add(tid)) {
                        grew = true;
                        try {
                            ptrace.seize(tid, OPTIONS);
                            ptrace.interrupt(tid);
                            engine.threads.getOrAdd(tid);
                        } catch (SysCallException e) {
                            if (e.errno() == Errno.ESRCH && tid != pid) {
                                continue; // the thread ended meanwhile
                            }
                            throw new LaunchException("cannot attach to " + pid + ": "
                                    + e.getMessage());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    private static int[] tids(Path task) {
        try (Stream<Path> s = Files.list(task)) {
            return s.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).toArray();
        } catch (IOException e) {
            return new int[0];
        }
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private void runToExec(String prog) {
        while (true) {
            int tid = ptrace.waitpid(pid, Ptrace.WALL);
            int status = ptrace.status();
            if (!WaitStatus.stopped(status)) {
                ended = true;
                int code = WaitStatus.exited(status) ? WaitStatus.exitCode(status)
                        : 128 + WaitStatus.termSignal(status);
                throw new LaunchException(prog + ": could not be executed (launcher exit " + code
                        + ")");
            }
            int event = WaitStatus.event(status);
            if (event == Ptrace.EVENT_EXEC) {
                TracedThread t = threads.getOrAdd(tid);
                ptrace.getRegs(tid, t.regs);
                t.pc = t.regs.rip();
                t.started = true;
                t.stopped = true;
                t.syscallExitTrap = true;
                resume = t;
                return;
            }
            int sig = WaitStatus.stopSignal(status);
            // The seize of the stopped shell reports an event stop; SIGCONT is ours; pass others.
            ptrace.cont(tid, event != 0 || sig == Signals.SIGSTOP ? 0 : sig);
        }
    }

    /** The process id (the main thread's id). */
    public int pid() {
        return pid;
    }

    /** The process's memory. */
    public ProcessMemory memory() {
        return memory;
    }

    /** The pc where thread {@code tid} stands now, or -1 for an unknown thread. */
    public long pc(int tid) {
        TracedThread t = threads.get(tid);
        return t == null ? -1 : t.pc;
    }

    /**
     * A copy of the general registers of stopped thread {@code tid} as {@code struct
     * user_regs_struct} slots (see {@link dev.hindsight.collect.sys.Registers#NAMES}), or null
     * for an unknown thread. The engine reads them at every stop, so between {@link #next} calls
     * they are the thread's current registers.
     */
    public long[] registers(int tid) {
        TracedThread t = threads.get(tid);
        if (t == null) {
            return null;
        }
        long[] r = new long[dev.hindsight.collect.sys.Registers.NAMES.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = t.regs.get(i);
        }
        return r;
    }

    /** Whether the program was launched by this engine (false: attached to). */
    public boolean launched() {
        return launched;
    }

    /** Whether no traced thread is left (the process ended, or was killed or detached). */
    public boolean ended() {
        return ended;
    }

    /**
     * Drops the signal thread {@code tid} would receive on its next step, as gdb does for a
     * SIGINT that stopped the program ({@code handle SIGINT nopass}).
     */
    public void discardSignal(int tid) {
        TracedThread t = threads.get(tid);
        if (t != null) {
            t.pendingSignal = 0;
        }
    }

    /** How many STEP events have been reported. */
    public long steps() {
        return steps;
    }

    /** The process's exit code (128 + signal when killed), or -1 while it runs. */
    public int exitCode() {
        return exitCode;
    }

    /** How many threads are traced now. */
    public int threadCount() {
        return threads.size();
    }

    /**
     * Resumes the thread reported last (one instruction, with any signal it has pending), waits
     * for the next stop of any thread and describes it in {@code ev}.
     *
     * @return the event's kind, {@link StepEvent#END} once no traced thread is left
     */
    public int next(StepEvent ev) {
        if (ended) {
            ev.kind = StepEvent.END;
            return StepEvent.END;
        }
        TracedThread r = resume;
        if (r != null) {
            resume = null;
            resumeStep(r);
        }
        while (true) {
            int tid;
            try {
                tid = ptrace.waitpid(-1, WAIT_ANY_OPTIONS);
            } catch (SysCallException e) {
                if (e.errno() == Errno.ECHILD) {
                    ended = true;
                    ev.kind = StepEvent.END;
                    return StepEvent.END;
                }
                throw e;
            }
            int status = ptrace.status();
            if (WaitStatus.stopped(status)) {
                int kind = onStop(tid, status, ev);
                if (kind >= 0) {
                    return kind;
                }
            } else {
                int code = WaitStatus.exited(status) ? WaitStatus.exitCode(status)
                        : 128 + WaitStatus.termSignal(status);
                boolean known = threads.get(tid) != null;
                threads.remove(tid);
                ev.tid = tid;
                ev.exitCode = code;
                ev.signal = WaitStatus.signaled(status) ? WaitStatus.termSignal(status) : 0;
                if (tid == pid) {
                    exitCode = code;
                    ev.kind = StepEvent.PROCESS_EXIT;
                    return StepEvent.PROCESS_EXIT;
                }
                if (known) {
                    ev.kind = StepEvent.THREAD_EXIT;
                    return StepEvent.THREAD_EXIT;
                }
            }
        }
    }

    private void resumeStep(TracedThread t) {
        int sig = t.pendingSignal;
        t.pendingSignal = 0;
        t.stopped = false;
        try {
            ptrace.singleStep(t.tid, sig);
        } catch (SysCallException e) {
            // ESRCH: killed meanwhile (another thread's exit_group); its exit is reported next.
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
        }
    }

    /** Handles one ptrace-stop; returns the kind to report, or -1 to keep waiting. */
    private int onStop(int tid, int status, StepEvent ev) {
        int sig = WaitStatus.stopSignal(status);
        int event = WaitStatus.event(status);
        TracedThread t = threads.getOrAdd(tid);
        t.stopped = true;
        ev.tid = tid;
        ev.regs = t.regs;
        if (event == 0 && sig == Signals.SIGTRAP && t.started) {
            if (t.syscallExitTrap) {
                t.syscallExitTrap = false;
                ptrace.getRegs(tid, t.regs);
                if (t.regs.rip() == t.pc) {
                    resume = t;
                    resumeNow();
                    return -1;
                }
            }
            long from = t.pc;
            ptrace.getRegs(tid, t.regs);
            t.pc = t.regs.rip();
            ev.fromPc = from;
            ev.pc = t.pc;
            resume = t;
            steps++;
            ev.kind = StepEvent.STEP;
            return StepEvent.STEP;
        }
        if (!t.started && (event == Ptrace.EVENT_STOP || sig == Signals.SIGSTOP)) {
            // The first stop of a cloned thread, or of a thread we attached to.
            ptrace.getRegs(tid, t.regs);
            t.pc = t.regs.rip();
            t.started = true;
            ev.pc = t.pc;
            resume = t;
            ev.kind = StepEvent.THREAD_START;
            return StepEvent.THREAD_START;
        }
        switch (event) {
            case Ptrace.EVENT_CLONE:
                ev.newTid = (int) ptrace.eventMessage(tid);
                threads.getOrAdd(ev.newTid);
                ev.pc = t.pc;
                resume = t;
                ev.kind = StepEvent.CLONE;
                return StepEvent.CLONE;
            case Ptrace.EVENT_EXEC:
                int former = (int) ptrace.eventMessage(tid);
                for (TracedThread other : threads.all()) {
                    if (other.tid != tid) {
                        threads.remove(other.tid); // gone with the old image
                    }
                }
                if (former != tid) {
                    threads.remove(former);
                }
                t = threads.getOrAdd(tid);
                t.started = true;
                t.stopped = true;
                t.syscallExitTrap = true;
                ptrace.getRegs(tid, t.regs);
                t.pc = t.regs.rip();
                ev.regs = t.regs;
                ev.pc = t.pc;
                resume = t;
                ev.kind = StepEvent.EXEC;
                return StepEvent.EXEC;
            case Ptrace.EVENT_STOP:
                // A group-stop or an interrupt of a running thread: keep it stepping.
                resume = t;
                resumeNow();
                return -1;
            case 0:
                if (!t.started) {
                    // A signal reached a thread before its start stop: deliver it at the start.
                    t.pendingSignal = sig;
                    resume = t;
                    resumeNow();
                    return -1;
                }
                t.pendingSignal = sig;
                ev.signal = sig;
                ev.pc = t.pc;
                resume = t;
                ev.kind = StepEvent.SIGNAL;
                return StepEvent.SIGNAL;
            default:
                // fork/vfork/other events we did not ask for: carry on.
                resume = t;
                resumeNow();
                return -1;
        }
    }

    private void resumeNow() {
        TracedThread r = resume;
        resume = null;
        resumeStep(r);
    }

    /**
     * Ends the tracing: a launched program is killed, an attached one detached and left running.
     * Idempotent.
     */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        if (launched) {
            try {
                ptrace.kill(pid, Signals.SIGKILL);
            } catch (SysCallException e) {
                // already gone
            }
            drain();
        } else {
            detachAll();
        }
        ended = true;
    }

    private void drain() {
        while (true) {
            try {
                int tid = ptrace.waitpid(-1, WAIT_ANY_OPTIONS);
                if (tid == pid && !WaitStatus.stopped(ptrace.status())) {
                    exitCode = WaitStatus.exited(ptrace.status())
                            ? WaitStatus.exitCode(ptrace.status())
                            : 128 + WaitStatus.termSignal(ptrace.status());
                }
            } catch (SysCallException e) {
                return;
            }
        }
    }

    private void detachAll() {
        for (TracedThread t : threads.all()) {
            if (t.stopped) {
                tryDetach(t);
            } else {
                try {
                    ptrace.interrupt(t.tid);
                } catch (SysCallException e) {
                    threads.remove(t.tid);
                }
            }
        }
        while (threads.size() > 0) {
            int tid;
            try {
                tid = ptrace.waitpid(-1, WAIT_ANY_OPTIONS);
            } catch (SysCallException e) {
                return;
            }
            TracedThread t = threads.get(tid);
            if (t == null) {
                continue;
            }
            int status = ptrace.status();
            if (WaitStatus.stopped(status)) {
                int sig = WaitStatus.stopSignal(status);
                if (WaitStatus.event(status) == 0 && sig != Signals.SIGTRAP) {
                    t.pendingSignal = sig;
                }
                tryDetach(t);
            } else {
                threads.remove(tid);
            }
        }
    }

    private void tryDetach(TracedThread t) {
        try {
            ptrace.detach(t.tid, t.pendingSignal);
        } catch (SysCallException e) {
            // ESRCH: it ended
        }
        threads.remove(t.tid);
    }
}
