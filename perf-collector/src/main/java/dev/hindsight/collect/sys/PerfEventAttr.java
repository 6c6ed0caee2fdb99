package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A {@code struct perf_event_attr} (linux/perf_event.h, PERF_ATTR_SIZE_VER7, 128 bytes) being
 * built in direct memory for {@link PerfEvent#open}. Setters return this; unset fields are zero.
 */
public final class PerfEventAttr {
    /** The struct size this class writes. */
    public static final int SIZE = 128;

    /** perf_type_id: hardware events. */
    public static final int TYPE_HARDWARE = 0;
    /** perf_type_id: software events. */
    public static final int TYPE_SOFTWARE = 1;
    /** perf_type_id: tracepoints. */
    public static final int TYPE_TRACEPOINT = 2;

    /** perf_sw_ids: cpu-clock. */
    public static final long SW_CPU_CLOCK = 0;
    /** perf_sw_ids: task-clock. */
    public static final long SW_TASK_CLOCK = 1;
    /** perf_sw_ids: a placeholder that counts nothing but carries side-band records. */
    public static final long SW_DUMMY = 9;

    /** sample_type bit: the instruction pointer. */
    public static final long SAMPLE_IP = 1L;
    /** sample_type bit: pid and tid. */
    public static final long SAMPLE_TID = 1L << 1;
    /** sample_type bit: the data address (for branch samples: the target). */
    public static final long SAMPLE_ADDR = 1L << 3;
    /** sample_type bit: the cpu. */
    public static final long SAMPLE_CPU = 1L << 7;
    /** sample_type bit: the time stamp. */
    public static final long SAMPLE_TIME = 1L << 2;
    /** sample_type bit: the sample period. */
    public static final long SAMPLE_PERIOD = 1L << 8;

    /** flags bit: start disabled. */
    public static final long FLAG_DISABLED = 1L;
    /** flags bit: do not count the kernel. */
    public static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    /** flags bit: do not count the hypervisor. */
    public static final long FLAG_EXCLUDE_HV = 1L << 6;
    /** flags bit: do not count when idle. */
    public static final long FLAG_EXCLUDE_IDLE = 1L << 7;
    /** flags bit: PERF_RECORD_MMAP for executable mappings. */
    public static final long FLAG_MMAP = 1L << 8;
    /** flags bit: PERF_RECORD_COMM. */
    public static final long FLAG_COMM = 1L << 9;
    /** flags bit: enable on exec. */
    public static final long FLAG_ENABLE_ON_EXEC = 1L << 12;
    /** flags bit: PERF_RECORD_FORK/EXIT. */
    public static final long FLAG_TASK = 1L << 13;
    /** flags bit: sample_id on every record. */
    public static final long FLAG_SAMPLE_ID_ALL = 1L << 18;
    /** flags bit: PERF_RECORD_MMAP2 instead of MMAP. */
    public static final long FLAG_MMAP2 = 1L << 23;
    /** flags bit: PERF_RECORD_SWITCH records. */
    public static final long FLAG_CONTEXT_SWITCH = 1L << 26;

    /** Offset of {@code aux_watermark} (u32). */
    static final int AUX_WATERMARK = 104;

    private final Pointer memory = Memory.allocateDirect(Native.runtime(), SIZE, true);

    /** An all-zero attribute with its size set. */
    public PerfEventAttr() {
        memory.putInt(4, SIZE);
    }

    /** Sets {@code type}. */
    public PerfEventAttr type(int type) {
        memory.putInt(0, type);
        return this;
    }

    /** Sets {@code config}. */
    public PerfEventAttr config(long config) {
        memory.putLong(8, config);
        return this;
    }

    /** Sets {@code sample_period}. */
    public PerfEventAttr samplePeriod(long period) {
        memory.putLong(16, period);
        return this;
    }

    /** Sets {@code sample_type}. */
    public PerfEventAttr sampleType(long bits) {
        memory.putLong(24, bits);
        return this;
    }

    /** Sets the flag bit-field (the FLAG_* constants or'ed together). */
    public PerfEventAttr flags(long bits) {
        memory.putLong(40, bits);
        return this;
    }

    /** Sets {@code wakeup_events}. */
    public PerfEventAttr wakeupEvents(int n) {
        memory.putInt(48, n);
        return this;
    }

    /** Sets {@code aux_watermark}: wake the reader after this many AUX bytes. */
    public PerfEventAttr auxWatermark(int bytes) {
        memory.putInt(AUX_WATERMARK, bytes);
        return this;
    }

    /** The type set. */
    public int type() {
        return memory.getInt(0);
    }

    /** The config set. */
    public long config() {
        return memory.getLong(8);
    }

    /** The flag bits set. */
    public long flags() {
        return memory.getLong(40);
    }

    /** The struct's bytes as the kernel will read them. */
    public byte[] bytes() {
        byte[] b = new byte[SIZE];
        memory.get(0, b, 0, SIZE);
        return b;
    }

    /** The sample_type set. */
    public long sampleType() {
        return memory.getLong(24);
    }

    long address() {
        return memory.address();
    }
}
