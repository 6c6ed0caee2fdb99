package dev.hindsight.pt.query;

/**
 * A mutable holder for the answer to a time query ({@link QueryDecoder#time(TimeQuery)}), the
 * out-parameters of libipt's {@code pt_qry_time}.
 */
public final class TimeQuery {
    private long tsc;
    private int lostMtc;
    private int lostCyc;

    /** The estimated time stamp count (relative time if the query returned {@code -NO_TIME}). */
    public long tsc() {
        return tsc;
    }

    /** The number of MTC packets lost to missing calibration. */
    public int lostMtc() {
        return lostMtc;
    }

    /** The number of CYC packets lost to missing calibration. */
    public int lostCyc() {
        return lostCyc;
    }

    /**
     * Sets all fields.
     *
     * @param tsc the time stamp count
     * @param lostMtc lost MTC packets
     * @param lostCyc lost CYC packets
     * @return this
     */
    public TimeQuery set(long tsc, int lostMtc, int lostCyc) {
        this.tsc = tsc;
        this.lostMtc = lostMtc;
        this.lostCyc = lostCyc;
        return this;
    }

    @Override
    public String toString() {
        return "TimeQuery[tsc=" + Long.toHexString(tsc) + ", lostMtc=" + lostMtc + ", lostCyc=" + lostCyc + "]";
    }
}
