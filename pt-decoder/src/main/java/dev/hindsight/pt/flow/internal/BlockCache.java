package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.x86.ExecMode;

/**
 * Block cache entries, libipt's {@code struct pt_bcache_entry}, packed into one {@code int} per
 * byte of a section ({@link BlockCacheTable}).
 *
 * <p>An entry at a section offset says how far it is from that instruction to the next
 * decision point (a branch that needs trace, or a place the decoder must look at): a 16-bit
 * signed displacement, an 8-bit instruction count, the execution mode (0 = invalid entry), a
 * qualifier saying what to do there, and the size of the instruction there if it fits in 3
 * bits. The field widths are libipt's because they decide where blocks end.
 */
public final class BlockCache {
    /** Not a decision point: apply displacement and count, continue there. */
    public static final int AGAIN = 0;
    /** A conditional branch. */
    public static final int COND = 1;
    /** A near indirect call. */
    public static final int IND_CALL = 2;
    /** A near return. */
    public static final int RETURN = 3;
    /** An indirect jump, JMPABS or far branch. */
    public static final int INDIRECT = 4;
    /** Decode the instruction there to see what to do. */
    public static final int DECODE = 5;
    /**
     * A near direct call, whose displacement the {@link BlockCacheTable} keeps: push the return
     * address (unless it calls the next instruction), continue at the target. libipt decodes
     * it ({@link #DECODE}); where blocks end is the same.
     */
    public static final int DIRECT_CALL = 6;

    /** The largest instruction count an entry holds. */
    public static final int MAX_NINSN = 0xff;
    /** The most instructions one fill of the cache decodes before it leaves a trampoline. */
    public static final int FILL_STEPS = 0x400;

    private static final ExecMode[] MODES = {ExecMode.UNKNOWN, ExecMode.BITS_16,
        ExecMode.BITS_32, ExecMode.BITS_64};

    private BlockCache() {
    }

    /** Packs an entry; {@code isize} is dropped (0) if it does not fit in 3 bits. */
    public static int entry(int displacement, int ninsn, ExecMode mode, int qualifier,
            int isize) {
        int size = isize <= 7 ? isize : 0;
        return (displacement & 0xffff) | (ninsn & 0xff) << 16 | modeBits(mode) << 24
                | (qualifier & 7) << 26 | size << 29;
    }

    /** The entry with a new displacement and instruction count. */
    public static int withSteps(int entry, int displacement, int ninsn) {
        return (entry & ~0xffffff) | (displacement & 0xffff) | (ninsn & 0xff) << 16;
    }

    /** Whether the entry is filled in. */
    public static boolean isValid(int entry) {
        return ((entry >>> 24) & 3) != 0;
    }

    /** The signed displacement to the decision point. */
    public static int displacement(int entry) {
        return (short) entry;
    }

    /** The number of instructions up to and including the decision point. */
    public static int ninsn(int entry) {
        return (entry >>> 16) & 0xff;
    }

    /** The execution mode of the instructions. */
    public static ExecMode mode(int entry) {
        return MODES[(entry >>> 24) & 3];
    }

    /** What to do at the decision point. */
    public static int qualifier(int entry) {
        return (entry >>> 26) & 7;
    }

    /** The size of the instruction at the decision point, 0 if unknown. */
    public static int isize(int entry) {
        return (entry >>> 29) & 7;
    }

    private static int modeBits(ExecMode mode) {
        switch (mode) {
            case BITS_16:
                return 1;
            case BITS_32:
                return 2;
            case BITS_64:
                return 3;
            default:
                return 0;
        }
    }
}
