package dev.hindsight.collect;

import dev.hindsight.collect.sys.Registers;
import dev.hindsight.pt.x86.ExecMode;
import java.io.IOException;

/**
 * The {@code sw} recording method: single-steps every thread of the program and writes one
 * BTS-form record for every taken branch, with the executable images, so a BTS decoder can
 * rebuild the control flow on any machine, without branch-trace hardware.
 *
 * <p>A step is a taken branch when the next pc is neither the instruction's fall-through (its
 * address plus its length, from the x86 length decoder over the process's code, see
 * {@link CodeCache}) nor the instruction itself: a repeated string instruction stays at one pc for
 * each iteration, and BTS records no branch for that either. Where the code cannot be read or
 * decoded, the fall-through is taken to be anywhere in [pc, pc + 15]. A step into a signal
 * handler is recorded as a branch to the handler; a {@code jmp} to itself is not seen.
 */
public final class SoftwareBranchRecorder {
    /** The longest x86 instruction, in bytes. */
    public static final int MAX_INSN_LENGTH = 15;
    /** The user code segment selector of 32-bit (compatibility mode) code on x86-64 Linux. */
    static final long CS_COMPAT32 = 0x23;

    private final SingleStepEngine engine;
    private final RecordingWriter writer;
    private final ImageTracker images;
    private final CodeCache code;
    private volatile boolean stopRequested;
    private static final int SIGINT = 2;
    private long[] breakpoints = new long[0];
    private boolean interruptible;
    private int stopTid;
    private boolean started;

    /** {@link #run} ended because the program ended. */
    public static final int ENDED = 0;
    /** {@link #run} ended because an instruction or time limit was reached. */
    public static final int LIMIT = 1;
    /** {@link #run} ended because a thread reached a breakpoint address (not yet executed). */
    public static final int BREAKPOINT = 2;
    /** {@link #run} ended because {@link #requestStop} was called. */
    public static final int STOPPED = 3;
    /** {@link #run} ended because the {@link StepFilter} said so. */
    public static final int FILTERED = 5;

    /**
     * Decides, after each instruction of one thread, whether {@link #run} stops there: a
     * debugger's line step or finish.
     */
    @FunctionalInterface
    public interface StepFilter {
        /**
         * Whether to stop now that the thread executed the instruction at {@code fromPc} and
         * stands at {@code pc} with stack pointer {@code sp}.
         */
        boolean stop(long fromPc, long pc, long sp);
    }

    private StepFilter filter;
    private int filterTid;

    /**
     * Sets the filter the next runs consult after each instruction of thread {@code tid}
     * ({@code null}: none).
     */
    public void filter(int tid, StepFilter f) {
        this.filterTid = tid;
        this.filter = f;
    }

    /** {@link #run} ended because a thread received SIGINT (still pending; see {@link SingleStepEngine#discardSignal}). */
    public static final int INTERRUPTED = 4;

    /** A recorder of the program under {@code engine}, writing to {@code writer}. */
    public SoftwareBranchRecorder(SingleStepEngine engine, RecordingWriter writer) {
        this.engine = engine;
        this.writer = writer;
        this.images = new ImageTracker(engine.pid(), engine.memory(), writer);
        this.code = new CodeCache(engine.memory());
    }

    /**
     * Whether going from the instruction at {@code from}, {@code length} bytes long (negative:
     * unknown), to {@code to} took a branch.
     */
    public static boolean taken(long from, int length, long to) {
        if (length > 0) {
            return to != from && to != from + length;
        }
        return taken(from, to);
    }

    /** Whether going from {@code from} to {@code to} took a branch, for an unknown length. */
    public static boolean taken(long from, long to) {
        return Long.compareUnsigned(to, from) < 0
                || Long.compareUnsigned(to - from, MAX_INSN_LENGTH) > 0;
    }

    /**
     * Asks a running {@link #record} to stop within about a thousand steps, as if a limit were
     * reached; callable from any thread (e.g. a shutdown hook on Ctrl-C).
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Records until the program ends. */
    public boolean record() throws IOException {
        return record(0, 0);
    }

    /**
     * Sets the addresses where {@link #run} stops: a thread stepping onto one stops before
     * executing it (the run that starts there executes it first, as a debugger steps over a
     * breakpoint it stands on).
     */
    public void breakpoints(long[] addresses) {
        this.breakpoints = addresses.clone();
        java.util.Arrays.sort(this.breakpoints);
    }

    /**
     * Whether a SIGINT the program receives stops {@link #run} ({@link #INTERRUPTED}) instead of
     * being passed on: a debugger's Ctrl-C. Off by default (a recording passes every signal).
     */
    public void interruptible(boolean on) {
        this.interruptible = on;
    }

    /** The thread that made the last {@link #run} stop (BREAKPOINT, INTERRUPTED, LIMIT). */
    public int stopTid() {
        return stopTid;
    }

    /**
     * Records until the program ends, {@code maxInstructions} (all threads together) have been
     * stepped, or {@code durationMillis} have passed; 0 means no such limit.
     *
     * @return true when the program ended, false when a limit stopped the recording
     */
    public boolean record(long maxInstructions, long durationMillis) throws IOException {
        return run(maxInstructions, durationMillis) == ENDED;
    }

    /**
     * Records as {@link #record(long, long)} does, also stopping at a breakpoint or on SIGINT;
     * callable again to go on recording from where the last call stopped.
     *
     * @return why it stopped: {@link #ENDED}, {@link #LIMIT}, {@link #BREAKPOINT},
     *     {@link #STOPPED} or {@link #INTERRUPTED}
     */
    public int run(long maxInstructions, long durationMillis) throws IOException {
        stopRequested = false;
        long deadline = durationMillis > 0 ? System.nanoTime() + durationMillis * 1_000_000L : 0;
        StepEvent ev = new StepEvent();
        // A launched program stands at its first instruction; attached threads report THREAD_START.
        long entry = started ? -1 : engine.pc(engine.pid());
        started = true;
        if (entry != -1) {
            ThreadRecords t = writer.thread(engine.pid());
            t.startPc = entry;
            t.endPc = entry;
            images.see(entry);
        }
        long instructions = 0;
        long clockCheck = 0;
        while (true) {
            int kind = engine.next(ev);
            switch (kind) {
                case StepEvent.STEP -> {
                    ThreadRecords t = writer.thread(ev.tid);
                    t.steps++;
                    t.endPc = ev.pc;
                    ExecMode mode = ev.regs.get(Registers.CS) == CS_COMPAT32 ? ExecMode.BITS_32
                            : ExecMode.BITS_64;
                    if (taken(ev.fromPc, code.length(ev.fromPc, mode), ev.pc)) {
                        t.add(ev.fromPc, ev.pc, 0);
                    }
                    if (images.see(ev.pc)) {
                        code.clear(); // new code was mapped, maybe where old code was
                    }
                    if (ev.pc != ev.fromPc) { // not one more iteration of a rep instruction
                        t.instructions++;
                        if (breakpoints.length > 0
                                && java.util.Arrays.binarySearch(breakpoints, ev.pc) >= 0) {
                            stopTid = ev.tid;
                            return BREAKPOINT;
                        }
                        if (filter != null && ev.tid == filterTid
                                && filter.stop(ev.fromPc, ev.pc, ev.regs.rsp())) {
                            stopTid = ev.tid;
                            return FILTERED;
                        }
                        if (maxInstructions > 0 && ++instructions >= maxInstructions) {
                            stopTid = ev.tid;
                            return LIMIT;
                        }
                    }
                    // The clock and the stop flag are read every 1024 steps only.
                    if ((++clockCheck & 0x3ff) == 0) {
                        if (stopRequested) {
                            stopTid = ev.tid;
                            return STOPPED;
                        }
                        if (deadline != 0 && System.nanoTime() - deadline > 0) {
                            stopTid = ev.tid;
                            return LIMIT;
                        }
                    }
                }
                case StepEvent.THREAD_START, StepEvent.EXEC -> {
                    ThreadRecords t = writer.thread(ev.tid);
                    if (t.startPc == -1) {
                        t.startPc = ev.pc;
                    }
                    t.endPc = ev.pc;
                    if (kind == StepEvent.EXEC) {
                        code.clear();
                        writer.exec(ev.tid);
                        images.reset();
                        images.rescan();
                    }
                    images.see(ev.pc);
                }
                case StepEvent.END -> {
                    return ENDED;
                }
                case StepEvent.SIGNAL -> {
                    if (ev.signal == SIGINT && interruptible) {
                        stopTid = ev.tid;
                        return INTERRUPTED;
                    }
                }
                default -> {
                    // signals, clones and exits need no record
                }
            }
        }
    }
}
