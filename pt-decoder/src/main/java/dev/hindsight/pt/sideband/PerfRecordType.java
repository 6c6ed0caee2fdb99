package dev.hindsight.pt.sideband;

/**
 * The perf_event record types and {@code misc} bits the sideband reads
 * ({@code enum perf_event_type} and {@code PERF_RECORD_MISC_*} in {@code linux/perf_event.h}).
 */
public final class PerfRecordType {
    /** A file mapped into a process. */
    public static final int MMAP = 1;
    /** Sideband records the kernel dropped. */
    public static final int LOST = 2;
    /** A process renamed itself; with {@link #MISC_COMM_EXEC}, it exec'ed. */
    public static final int COMM = 3;
    /** A thread exited. */
    public static final int EXIT = 4;
    /** Sampling was throttled. */
    public static final int THROTTLE = 5;
    /** Sampling was unthrottled. */
    public static final int UNTHROTTLE = 6;
    /** A process or thread was created. */
    public static final int FORK = 7;
    /** A file mapped into a process, with device, inode and protection. */
    public static final int MMAP2 = 10;
    /** New data in the AUX area (the PT trace). */
    public static final int AUX = 11;
    /** Instruction tracing started for a task. */
    public static final int ITRACE_START = 12;
    /** Samples the kernel dropped. */
    public static final int LOST_SAMPLES = 13;
    /** A context switch of the traced task. */
    public static final int SWITCH = 14;
    /** A context switch on a traced cpu, naming the other task. */
    public static final int SWITCH_CPU_WIDE = 15;

    /** {@code misc} bits holding the cpu mode. */
    public static final int MISC_CPUMODE_MASK = 0x7;
    /** Cpu mode: kernel. */
    public static final int MISC_KERNEL = 0x1;
    /** On COMM: the rename came from exec. */
    public static final int MISC_COMM_EXEC = 1 << 13;
    /** On SWITCH and SWITCH_CPU_WIDE: a switch out (else in). */
    public static final int MISC_SWITCH_OUT = 1 << 13;
    /** On AUX: the trace was truncated. */
    public static final long AUX_FLAG_TRUNCATED = 0x1;

    private PerfRecordType() {
    }
}
