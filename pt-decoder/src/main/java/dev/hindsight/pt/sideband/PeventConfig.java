package dev.hindsight.pt.sideband;

/**
 * How to decode one perf_event sideband file (libipt's {@code struct pt_sb_pevent_config}
 * without the file itself).
 *
 * @param perf        the sample type and time conversion
 * @param tscOffset   subtracted from each record's TSC so records apply a little earlier
 *                    ({@code --pevent:tsc-offset}); a "negative" (high-bit) offset applies them
 *                    later
 * @param kernelStart the lowest kernel address ({@code --pevent:kernel-start}); -1 (all ones)
 *                    when ring 0 is not traced
 * @param sysroot     prepended to the names of mapped files, or null
 * @param vdsoX64     the file to map for {@code [vdso]} in 64-bit processes, or null
 * @param vdsoX32     the same for x32 processes, or null
 * @param vdsoIa32    the same for 32-bit processes, or null
 */
public record PeventConfig(PerfEventConfig perf, long tscOffset, long kernelStart, String sysroot,
        String vdsoX64, String vdsoX32, String vdsoIa32) {

    /** ptxed's defaults: no samples, time_mult 1, no kernel, no offset, no sysroot or vdso. */
    public static final PeventConfig DEFAULT =
            new PeventConfig(PerfEventConfig.DEFAULT, 0, -1L, null, null, null, null);

    /** A copy with another perf configuration. */
    public PeventConfig withPerf(PerfEventConfig value) {
        return new PeventConfig(value, tscOffset, kernelStart, sysroot, vdsoX64, vdsoX32, vdsoIa32);
    }

    /** A copy with another tsc offset. */
    public PeventConfig withTscOffset(long value) {
        return new PeventConfig(perf, value, kernelStart, sysroot, vdsoX64, vdsoX32, vdsoIa32);
    }

    /** A copy with another kernel start. */
    public PeventConfig withKernelStart(long value) {
        return new PeventConfig(perf, tscOffset, value, sysroot, vdsoX64, vdsoX32, vdsoIa32);
    }

    /** A copy with another sysroot. */
    public PeventConfig withSysroot(String value) {
        return new PeventConfig(perf, tscOffset, kernelStart, value, vdsoX64, vdsoX32, vdsoIa32);
    }

    /** A copy with other vdso files (null for none). */
    public PeventConfig withVdso(String x64, String x32, String ia32) {
        return new PeventConfig(perf, tscOffset, kernelStart, sysroot, x64, x32, ia32);
    }
}
