package dev.hindsight.collect;

import dev.hindsight.collect.sys.Registers;

/**
 * A mutable holder that {@link SingleStepEngine#next} fills with what one thread did. It is reused
 * for every event, and so is the {@link #regs} holder it points to: copy what must be kept.
 */
public final class StepEvent {
    /** Thread {@link #tid} executed the instruction at {@link #fromPc} and stopped at {@link #pc}. */
    public static final int STEP = 0;
    /** Thread {@link #tid} is new (a clone, or found when attaching); it stands at {@link #pc}. */
    public static final int THREAD_START = 1;
    /** Thread {@link #tid} executed a program; {@link #pc} is the new image's first instruction. */
    public static final int EXEC = 2;
    /**
     * Thread {@link #tid} received {@link #signal}; it is delivered on the thread's next step (the
     * step then goes to the handler, if there is one).
     */
    public static final int SIGNAL = 3;
    /** Thread {@link #tid} ended; {@link #exitCode} as for a process. */
    public static final int THREAD_EXIT = 4;
    /** The process ended: its main thread {@link #tid} exited with {@link #exitCode}. */
    public static final int PROCESS_EXIT = 5;
    /** No traced thread is left; nothing more will come. */
    public static final int END = 6;
    /** Thread {@link #tid} created thread {@link #newTid} (its THREAD_START comes separately). */
    public static final int CLONE = 7;

    /** One of the kinds above. */
    public int kind;
    /** The thread concerned. */
    public int tid;
    /** The pc the thread stopped at. */
    public long pc;
    /** For {@link #STEP}: the pc of the instruction just executed. */
    public long fromPc;
    /** For {@link #SIGNAL}: the signal number; for an exit by signal, that signal. */
    public int signal;
    /** For exits: the exit status, or 128 + signal when killed by a signal. */
    public int exitCode;
    /** For {@link #CLONE}: the new thread's id. */
    public int newTid;
    /** The registers of {@link #tid} at {@link #pc} (valid for STEP, THREAD_START and EXEC). */
    public Registers regs;

    /** An empty holder. */
    public StepEvent() {
    }
}
