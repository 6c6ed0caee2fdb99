package dev.hindsight.collect.sys;

/**
 * Field offsets of {@code struct perf_event_mmap_page} (linux/perf_event.h), the first page of
 * every perf ring; {@code MmapPageLayoutTest} checks them against the C header.
 */
public final class MmapPage {
    /** {@code __u16 time_shift}. */
    public static final int TIME_SHIFT = 50;
    /** {@code __u32 time_mult}. */
    public static final int TIME_MULT = 52;
    /** {@code __u64 time_zero}. */
    public static final int TIME_ZERO = 64;
    /** {@code __u64 data_head}: written by the kernel; load, then acquire. */
    public static final int DATA_HEAD = 1024;
    /** {@code __u64 data_tail}: written by the reader in full mode, with release. */
    public static final int DATA_TAIL = 1032;
    /** {@code __u64 data_offset}. */
    public static final int DATA_OFFSET = 1040;
    /** {@code __u64 data_size}. */
    public static final int DATA_SIZE = 1048;
    /** {@code __u64 aux_head}. */
    public static final int AUX_HEAD = 1056;
    /** {@code __u64 aux_tail}. */
    public static final int AUX_TAIL = 1064;
    /** {@code __u64 aux_offset}: set by the reader before mapping the AUX area. */
    public static final int AUX_OFFSET = 1072;
    /** {@code __u64 aux_size}. */
    public static final int AUX_SIZE = 1080;

    private MmapPage() {
    }
}
