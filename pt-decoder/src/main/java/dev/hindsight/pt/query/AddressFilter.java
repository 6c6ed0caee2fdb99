package dev.hindsight.pt.query;

import java.util.Arrays;

/**
 * The address filter configuration a trace was recorded with, libipt's
 * {@code struct pt_conf_addr_filter}: IA32_RTIT_CTL.ADDRn_CFG and the IA32_RTIT_ADDRn_A/B ranges.
 *
 * <p>Immutable. The flow decoders need it for erratum SKL014 (a TIP.PGD without IP on leaving a
 * filter region). A {@code cfg} of 0 means the range is unused, 1 a filter (trace only inside)
 * range, 2 a TraceStop range.
 */
public final class AddressFilter {
    /** The number of address ranges (ADDR0..ADDR3). */
    public static final int RANGES = 4;

    /** libipt's {@code pt_addr_cfg_disabled}. */
    public static final int CFG_DISABLED = 0;
    /** libipt's {@code pt_addr_cfg_filter}. */
    public static final int CFG_FILTER = 1;
    /** libipt's {@code pt_addr_cfg_stop}. */
    public static final int CFG_STOP = 2;

    /** No filtering: every range disabled. */
    public static final AddressFilter NONE = new AddressFilter(new int[RANGES], new long[RANGES], new long[RANGES]);

    private final int[] cfg;
    private final long[] a;
    private final long[] b;

    private AddressFilter(int[] cfg, long[] a, long[] b) {
        this.cfg = cfg;
        this.a = a;
        this.b = b;
    }

    /**
     * A filter with one range set, the others as in this filter.
     *
     * @param n the range number, 0..3
     * @param config the ADDRn_CFG value (4 bits)
     * @param from the ADDRn_A (first address)
     * @param to the ADDRn_B (last address, inclusive)
     * @return the new filter
     */
    public AddressFilter withRange(int n, int config, long from, long to) {
        checkRange(n);
        int[] c = cfg.clone();
        long[] na = a.clone();
        long[] nb = b.clone();
        c[n] = config & 0xf;
        na[n] = from;
        nb[n] = to;
        return new AddressFilter(c, na, nb);
    }

    /**
     * A filter from the packed IA32_RTIT_CTL address configuration ({@code config.addr_cfg}: four
     * 4-bit fields starting at bit 0) and the range bounds.
     *
     * @param addrCfg the packed configuration
     * @param bounds ADDR0_A, ADDR0_B, ADDR1_A, ... up to 8 values; missing ones are 0
     * @return the filter
     */
    public static AddressFilter of(long addrCfg, long... bounds) {
        int[] c = new int[RANGES];
        long[] na = new long[RANGES];
        long[] nb = new long[RANGES];
        for (int n = 0; n < RANGES; n++) {
            c[n] = (int) ((addrCfg >>> (4 * n)) & 0xf);
            if (2 * n < bounds.length) {
                na[n] = bounds[2 * n];
            }
            if (2 * n + 1 < bounds.length) {
                nb[n] = bounds[2 * n + 1];
            }
        }
        return new AddressFilter(c, na, nb);
    }

    /** The ADDRn_CFG of range {@code n}. @param n 0..3 @return the 4-bit configuration */
    public int cfg(int n) {
        checkRange(n);
        return cfg[n];
    }

    /** The ADDRn_A (first address) of range {@code n}. @param n 0..3 @return the address */
    public long a(int n) {
        checkRange(n);
        return a[n];
    }

    /** The ADDRn_B (last address) of range {@code n}. @param n 0..3 @return the address */
    public long b(int n) {
        checkRange(n);
        return b[n];
    }

    /** The packed configuration as in IA32_RTIT_CTL ({@code config.addr_cfg}). */
    public long addrCfg() {
        long v = 0;
        for (int n = 0; n < RANGES; n++) {
            v |= ((long) cfg[n]) << (4 * n);
        }
        return v;
    }

    /** Whether any range is configured (not {@link #CFG_DISABLED}). */
    public boolean isEnabled() {
        for (int c : cfg) {
            if (c != CFG_DISABLED) {
                return true;
            }
        }
        return false;
    }

    private static void checkRange(int n) {
        if (n < 0 || n >= RANGES) {
            throw new IllegalArgumentException("address range " + n + " not in 0.." + (RANGES - 1));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressFilter f && Arrays.equals(cfg, f.cfg) && Arrays.equals(a, f.a)
                && Arrays.equals(b, f.b);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(cfg) + Arrays.hashCode(a)) + Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AddressFilter[");
        for (int n = 0; n < RANGES; n++) {
            if (n > 0) {
                sb.append(", ");
            }
            sb.append("addr").append(n).append('=').append(cfg[n]).append(':')
                    .append(Long.toHexString(a[n])).append('-').append(Long.toHexString(b[n]));
        }
        return sb.append(']').toString();
    }
}
