package dev.hindsight.bts;

/**
 * One step of a BTS instruction walk, filled by {@link BtsInsnDecoder#next(BtsInsn)}: either an
 * instruction ({@link #errcode()} is 0) or a gap carrying a {@link BtsError} code. A mutable
 * holder the caller owns and reuses.
 */
public final class BtsInsn {
    long ip;
    int size;
    BtsInsnClass iclass = BtsInsnClass.OTHER;
    int errcode;
    int block;
    boolean lastBlock;

    /** The instruction's address; for a gap, the pc where the walk stopped. */
    public long ip() {
        return ip;
    }

    /** The instruction's size in bytes; 0 if unknown (unreadable memory, undecodable bytes). */
    public int size() {
        return size;
    }

    /** The instruction's class from its bytes. */
    public BtsInsnClass iclass() {
        return iclass;
    }

    /** The gap's {@link BtsError} code, or 0 for an instruction. */
    public int errcode() {
        return errcode;
    }

    /** Whether this is a gap. */
    public boolean isGap() {
        return errcode != 0;
    }

    /** The index of the block this step belongs to. */
    public int block() {
        return block;
    }

    /** Whether the step belongs to the newest block (the one ending at the current pc). */
    public boolean inLastBlock() {
        return lastBlock;
    }

    @Override
    public String toString() {
        return isGap() ? "gap " + errcode + " at 0x" + Long.toHexString(ip)
                : "0x" + Long.toHexString(ip) + " size " + size + " " + iclass;
    }
}
