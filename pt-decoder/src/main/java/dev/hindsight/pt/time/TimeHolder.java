package dev.hindsight.pt.time;

/**
 * A caller-owned holder for a time query: the estimated TSC and the packet losses behind it.
 *
 * <p>Filled by {@link TimeEstimator#query(TimeHolder)} (libipt {@code pt_time_query_tsc}) and
 * reused from query to query, so the hot path allocates nothing. The values are those of the
 * last query, also when that query returned {@code -NO_TIME}.
 */
public final class TimeHolder {
    long tsc;
    int lostMtc;
    int lostCyc;

    /** The estimated TSC (unsigned 64 bits). */
    public long tsc() {
        return tsc;
    }

    /** The number of MTC packets that could not be used since the last TSC (unsigned). */
    public int lostMtc() {
        return lostMtc;
    }

    /** The number of CYC packets that could not be used since the last TSC or MTC (unsigned). */
    public int lostCyc() {
        return lostCyc;
    }

    @Override
    public String toString() {
        return "TimeHolder[tsc=0x" + Long.toHexString(tsc) + ", lostMtc="
                + Integer.toUnsignedString(lostMtc) + ", lostCyc="
                + Integer.toUnsignedString(lostCyc) + "]";
    }
}
