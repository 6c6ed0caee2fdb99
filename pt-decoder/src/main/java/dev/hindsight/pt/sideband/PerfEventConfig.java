package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;

/**
 * How a perf_event sideband stream was recorded: the {@code sample_type} of its
 * {@code perf_event_attr} (which fields trail each record as {@code sample_id}) and the time
 * conversion fields of its {@code perf_event_mmap_page}.
 *
 * <p>Mirrors libipt's {@code struct pev_config} with {@code pev_time_to_tsc} and
 * {@code pev_time_from_tsc}. All values are unsigned; {@code timeShift} fits 16 bits and
 * {@code timeMult} 32 bits, as in the kernel structure.
 *
 * @param sampleType the {@code PERF_SAMPLE_*} bits; {@code sample_id_all} is assumed
 * @param timeZero   {@code perf_event_mmap_page.time_zero}
 * @param timeShift  {@code perf_event_mmap_page.time_shift} (0..65535)
 * @param timeMult   {@code perf_event_mmap_page.time_mult} (unsigned 32 bits; 0 is a bad config)
 */
public record PerfEventConfig(long sampleType, long timeZero, int timeShift, long timeMult) {

    /** {@code PERF_SAMPLE_TID}: pid and tid, 4 bytes each. */
    public static final long SAMPLE_TID = 1L << 1;
    /** {@code PERF_SAMPLE_TIME}: the perf time, 8 bytes. */
    public static final long SAMPLE_TIME = 1L << 2;
    /** {@code PERF_SAMPLE_ID}: 8 bytes. */
    public static final long SAMPLE_ID = 1L << 6;
    /** {@code PERF_SAMPLE_CPU}: cpu and a reserved word, 4 bytes each. */
    public static final long SAMPLE_CPU = 1L << 7;
    /** {@code PERF_SAMPLE_STREAM_ID}: 8 bytes. */
    public static final long SAMPLE_STREAM_ID = 1L << 9;
    /** {@code PERF_SAMPLE_IDENTIFIER}: 8 bytes, always last. */
    public static final long SAMPLE_IDENTIFIER = 1L << 16;

    /** The configuration ptdump and ptxed start from: no samples, time_mult 1. */
    public static final PerfEventConfig DEFAULT = new PerfEventConfig(0, 0, 0, 1);

    /** Checks the field ranges. */
    public PerfEventConfig {
        if (timeShift < 0 || timeShift > 0xffff) {
            throw new IllegalArgumentException("time_shift out of range: " + timeShift);
        }
        if (timeMult < 0 || timeMult > 0xffff_ffffL) {
            throw new IllegalArgumentException("time_mult out of range: " + timeMult);
        }
    }

    /** A copy with another sample type. */
    public PerfEventConfig withSampleType(long type) {
        return new PerfEventConfig(type, timeZero, timeShift, timeMult);
    }

    /** A copy with another time_zero. */
    public PerfEventConfig withTimeZero(long zero) {
        return new PerfEventConfig(sampleType, zero, timeShift, timeMult);
    }

    /** A copy with another time_shift. */
    public PerfEventConfig withTimeShift(int shift) {
        return new PerfEventConfig(sampleType, timeZero, shift, timeMult);
    }

    /** A copy with another time_mult. */
    public PerfEventConfig withTimeMult(long mult) {
        return new PerfEventConfig(sampleType, timeZero, timeShift, mult);
    }

    /** Whether every one of {@code bits} is in the sample type. */
    public boolean samples(long bits) {
        return (sampleType & bits) == bits;
    }

    /**
     * Converts a perf time to TSC, as {@code pev_time_to_tsc} does: {@code ((time - time_zero) /
     * mult << shift) + ((time - time_zero) % mult << shift) / mult}, in unsigned 64-bit arithmetic.
     * Time 0 marks records perf synthesized at start and converts to TSC 0.
     *
     * @param time the perf time
     * @return the TSC
     * @throws IllegalStateException if {@code timeMult} is zero
     */
    public long timeToTsc(long time) {
        if (time == 0) {
            return 0;
        }
        if (timeMult == 0) {
            throw new IllegalStateException(PtError.BAD_CONFIG.message());
        }
        long t = time - timeZero;
        long quot = shiftLeft(Long.divideUnsigned(t, timeMult));
        long rem = shiftLeft(Long.remainderUnsigned(t, timeMult));
        return quot + Long.divideUnsigned(rem, timeMult);
    }

    /**
     * Whether {@link #timeToTsc} and {@link #timeFromTsc} can work: 0, or
     * {@code -BAD_CONFIG.code()} when {@code timeMult} is zero.
     */
    public int timeToTscStatus() {
        return timeMult == 0 ? -PtError.BAD_CONFIG.code() : 0;
    }

    /**
     * Converts a TSC to perf time, as {@code pev_time_from_tsc} does: {@code time_zero +
     * (tsc >> shift) * mult + ((tsc & ((1 << shift) - 1)) * mult >> shift)}, unsigned.
     *
     * @param tsc the TSC
     * @return the perf time
     * @throws IllegalStateException if {@code timeMult} is zero
     */
    public long timeFromTsc(long tsc) {
        if (timeMult == 0) {
            throw new IllegalStateException(PtError.BAD_CONFIG.message());
        }
        long quot = shiftRight(tsc) * timeMult;
        long mask = timeShift >= Long.SIZE ? -1L : (1L << timeShift) - 1;
        long rem = shiftRight((tsc & mask) * timeMult);
        return timeZero + quot + rem;
    }

    // Java masks shift counts to 6 bits; perf's shift is at most 32 in practice, and a larger one
    // shifts everything out.
    private long shiftLeft(long value) {
        return timeShift >= Long.SIZE ? 0 : value << timeShift;
    }

    private long shiftRight(long value) {
        return timeShift >= Long.SIZE ? 0 : value >>> timeShift;
    }
}
