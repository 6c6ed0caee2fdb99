package dev.hindsight.collect;

/**
 * A mutable holder of one BTS-form branch record that {@link BranchRecordReader#next} fills; reuse
 * one for a whole file.
 */
public final class BranchRecord {
    /** The address of the branch instruction. */
    public long from;
    /** The address branched to. */
    public long to;
    /** The flags word (bit 4: predicted; 0 in sw recordings). */
    public long flags;

    /** An empty holder. */
    public BranchRecord() {
    }
}
