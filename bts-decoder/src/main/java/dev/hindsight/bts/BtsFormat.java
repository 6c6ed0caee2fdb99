package dev.hindsight.bts;

/** The layout of a file of BTS records. */
public enum BtsFormat {
    /**
     * The hardware's debug-store (DS) area form, oldest record first: 24 bytes per record,
     * little-endian {@code u64 from, u64 to, u64 flags} (SDM vol. 3, 18.4.8.1 "64-bit format
     * of the BTS buffer").
     */
    DS(24),
    /**
     * perf's sample form as gdb reads it (spec §10.1), oldest sample first: 24 bytes per sample,
     * {@code u32 type = 9 (PERF_RECORD_SAMPLE), u16 misc, u16 size = 24, u64 from, u64 to}.
     */
    PERF(24);

    private final int recordSize;

    BtsFormat(int recordSize) {
        this.recordSize = recordSize;
    }

    /** The size of one record in bytes. */
    public int recordSize() {
        return recordSize;
    }
}
