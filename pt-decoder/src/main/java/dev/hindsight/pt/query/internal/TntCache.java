package dev.hindsight.pt.query.internal;

import dev.hindsight.pt.PtError;

/**
 * Cached conditional-branch indicators (TNT bits), answered oldest first; libipt's
 * {@code pt_tnt_cache}.
 *
 * <p>Bits are kept in one long with a moving one-bit index: adding shifts older bits up, a query
 * tests the bit under the index and moves it down.
 */
public final class TntCache {
    private long tnt;
    private long index;

    /** Empties the cache. */
    public void clear() {
        tnt = 0;
        index = 0;
    }

    /** Whether no bits are cached. */
    public boolean isEmpty() {
        return index == 0;
    }

    /**
     * Takes the oldest cached bit.
     *
     * @return 1 (taken), 0 (not taken), or {@code -PtError.BAD_QUERY.code()} if empty
     */
    public int query() {
        if (index == 0) {
            return -PtError.BAD_QUERY.code();
        }
        int taken = (tnt & index) != 0 ? 1 : 0;
        index >>>= 1;
        return taken;
    }

    /**
     * Appends {@code size} bits, oldest in bit {@code size-1}, after the cached ones.
     *
     * @param bits the indicator bits
     * @param size the number of valid bits, 0..63
     * @return 0, or {@code -PtError.OVERFLOW.code()} if the cache cannot hold them
     */
    public int add(long bits, int size) {
        if (size <= 0) {
            return 0;
        }
        if (size >= Long.SIZE) {
            return -PtError.OVERFLOW.code();
        }
        long idx;
        if (index != 0) {
            // The index bit must not be shifted out of the long.
            if (Long.numberOfLeadingZeros(index) < size) {
                return -PtError.OVERFLOW.code();
            }
            idx = index << size;
        } else {
            idx = 1L << (size - 1);
        }
        index = idx;
        tnt = (tnt << size) | (bits & ((1L << size) - 1));
        return 0;
    }
}
