package dev.hindsight.collect.pt;

/**
 * What to ask of Intel PT.
 *
 * @param bufferSize the AUX area size in bytes (a power of two number of pages)
 * @param dataPages the data ring's size in pages (a power of two), for the sideband
 * @param snapshot ring (snapshot) mode: the AUX area is mapped read-only, the kernel wraps and
 *     the reader copies the whole buffer at the end; else full mode (the reader moves aux_tail and
 *     the kernel reports TRUNCATED when it had to stop)
 * @param userOnly trace user space only ({@code exclude_kernel})
 * @param psbPeriod the psb_period format value (PSB every 2^(n+11) bytes), or -1 for the PMU's
 *     default
 * @param tsc emit TSC packets
 * @param mtcPeriod the mtc_period value (MTC every 2^n crystal clocks), or -1 for no MTC
 * @param cycThreshold the cyc_thresh value (CYC packets, 2^(n-1) cycles), or -1 for no CYC
 */
public record PtOptions(long bufferSize, int dataPages, boolean snapshot, boolean userOnly,
        int psbPeriod, boolean tsc, int mtcPeriod, int cycThreshold) {

    /** 4 MiB of AUX, 16 data pages, full mode, user only, TSC and MTC period 3, no CYC. */
    public static final PtOptions DEFAULT = new PtOptions(4L << 20, 16, false, true, -1, true, 3,
            -1);

    /** Checks the sizes. */
    public PtOptions {
        long pages = bufferSize / 4096;
        if (bufferSize % 4096 != 0 || pages <= 0 || Long.bitCount(pages) != 1) {
            throw new IllegalArgumentException("--buffer-size " + bufferSize
                    + " is not a power of two number of 4 KiB pages");
        }
        if (dataPages <= 0 || Integer.bitCount(dataPages) != 1) {
            throw new IllegalArgumentException("data pages " + dataPages
                    + " is not a power of two");
        }
    }
}
