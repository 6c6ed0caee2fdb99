package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.query.AddressFilter;

/**
 * Evaluates an address filter configuration at an address, libipt's
 * {@code pt_filter_addr_check}.
 */
public final class AddressFilters {
    private AddressFilters() {
    }

    /**
     * Whether tracing is enabled at {@code addr} under {@code filter} (SDM 33.2.4 "IP
     * filtering"): inside one of the FilterEn ranges (if any is configured) and outside every
     * TraceStop range.
     *
     * @param filter the configuration
     * @param addr the address
     * @return true if {@code addr} is traced
     */
    public static boolean traced(AddressFilter filter, long addr) {
        boolean haveFilter = false;
        boolean inFilter = false;
        for (int n = 0; n < AddressFilter.RANGES; n++) {
            int cfg = filter.cfg(n);
            boolean in = Long.compareUnsigned(filter.a(n), addr) <= 0
                    && Long.compareUnsigned(addr, filter.b(n)) <= 0;
            if (cfg == AddressFilter.CFG_FILTER) {
                haveFilter = true;
                inFilter |= in;
            } else if (cfg == AddressFilter.CFG_STOP && in) {
                return false;
            }
        }
        return !haveFilter || inFilter;
    }
}
