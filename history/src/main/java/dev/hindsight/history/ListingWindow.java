package dev.hindsight.history;

/**
 * The half-open window {@code [begin, stop)} a relative history listing covers (gdb's
 * "continue where the last listing stopped", spec §4.3), for instructions and for function
 * segments alike.
 *
 * @param begin the first number listed
 * @param stop  one past the last number listed
 */
record ListingWindow(long begin, long stop) {

    /** Whether the window lists nothing (gdb then says it is at the start or end). */
    boolean isEmpty() {
        return stop <= begin;
    }

    /**
     * The next window.
     *
     * @param lastBegin the previous window's begin, or -1 if there is none
     * @param lastStop  the previous window's stop
     * @param anchor    where a first listing centres: the replay position, else {@code end}
     * @param end       one past the last number that may be listed (the current instruction or
     *                  the trailing segment is never listed)
     * @param size      the listing size; negative lists backwards ({@code -})
     */
    static ListingWindow next(long lastBegin, long lastStop, long anchor, long end, int size) {
        long context = Math.abs((long) size);
        if (lastBegin >= 0) {
            return size < 0 ? new ListingWindow(lastBegin - Math.min(context, lastBegin - 1), lastBegin)
                    : new ListingWindow(lastStop, lastStop + Math.min(context, end - lastStop));
        }
        long begin = anchor;
        long stop = anchor;
        long covered = 0;
        if (size < 0) {
            // Backwards: the anchor itself, then back, then fill forwards.
            long c = Math.min(1, end - stop);
            stop += c;
            covered = c;
            long p = Math.min(context - covered, begin - 1);
            begin -= p;
            covered += p;
            stop += Math.min(context - covered, end - stop);
        } else {
            // Forwards from the anchor, then fill backwards.
            long n = Math.min(context, end - stop);
            stop += n;
            covered = n;
            begin -= Math.min(context - covered, begin - 1);
        }
        return new ListingWindow(begin, stop);
    }
}
