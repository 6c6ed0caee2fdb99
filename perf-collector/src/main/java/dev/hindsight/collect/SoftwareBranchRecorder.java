package dev.hindsight.collect;

import java.io.IOException;

/**
 * The {@code sw} recording method: single-steps every thread of the program and writes one
 * BTS-form record for every taken branch, with the executable images, so a BTS decoder can
 * rebuild the control flow on any machine, without branch-trace hardware.
 *
 * <p>A step is a taken branch when the next pc is not the instruction's fall-through. Until the
 * x86 length decoder is available to this module, the fall-through is approximated as "anywhere
 * in [pc, pc + 15]" (15 is the longest x86 instruction); a taken jump of 15 bytes or less forward
 * is therefore missed. Repeated string instructions stay at one pc and are correctly not branches.
 * A step into a signal handler is recorded as a branch to the handler.
 */
public final class SoftwareBranchRecorder {
    /** The longest x86 instruction, in bytes. */
    public static final int MAX_INSN_LENGTH = 15;

    private final SingleStepEngine engine;
    private final RecordingWriter writer;
    private final ImageTracker images;

    /** A recorder of the program under {@code engine}, writing to {@code writer}. */
    public SoftwareBranchRecorder(SingleStepEngine engine, RecordingWriter writer) {
        this.engine = engine;
        this.writer = writer;
        this.images = new ImageTracker(engine.pid(), engine.memory(), writer);
    }

    /** Whether going from the instruction at {@code from} to {@code to} took a branch. */
    public static boolean taken(long from, long to) {
        return Long.compareUnsigned(to, from) < 0
                || Long.compareUnsigned(to - from, MAX_INSN_LENGTH) > 0;
    }

    /** Records until the program ends. */
    public boolean record() throws IOException {
        return record(0, 0);
    }

    /**
     * Records until the program ends, {@code maxInstructions} (all threads together) have been
     * stepped, or {@code durationMillis} have passed; 0 means no such limit.
     *
     * @return true when the program ended, false when a limit stopped the recording
     */
    public boolean record(long maxInstructions, long durationMillis) throws IOException {
        long deadline = durationMillis > 0 ? System.nanoTime() + durationMillis * 1_000_000L : 0;
        StepEvent ev = new StepEvent();
        for (int tid : new int[] {engine.pid()}) {
            long pc = engine.pc(tid);
            if (pc != -1) {
                ThreadRecords t = writer.thread(tid);
                t.startPc = pc;
                t.endPc = pc;
                images.see(pc);
            }
        }
        long steps = 0;
        long clockCheck = 0;
        while (true) {
            int kind = engine.next(ev);
            switch (kind) {
                case StepEvent.STEP -> {
                    ThreadRecords t = writer.thread(ev.tid);
                    t.instructions++;
                    t.endPc = ev.pc;
                    if (taken(ev.fromPc, ev.pc)) {
                        t.add(ev.fromPc, ev.pc, 0);
                    }
                    images.see(ev.pc);
                    if (maxInstructions > 0 && ++steps >= maxInstructions) {
                        return false;
                    }
                    // The clock is read every 1024 steps only: it costs as much as a step.
                    if (deadline != 0 && (++clockCheck & 0x3ff) == 0
                            && System.nanoTime() - deadline > 0) {
                        return false;
                    }
                }
                case StepEvent.THREAD_START, StepEvent.EXEC -> {
                    ThreadRecords t = writer.thread(ev.tid);
                    if (t.startPc == -1) {
                        t.startPc = ev.pc;
                    }
                    t.endPc = ev.pc;
                    if (kind == StepEvent.EXEC) {
                        images.rescan();
                    }
                    images.see(ev.pc);
                }
                case StepEvent.END -> {
                    return true;
                }
                default -> {
                    // signals, clones and exits need no record
                }
            }
        }
    }
}
