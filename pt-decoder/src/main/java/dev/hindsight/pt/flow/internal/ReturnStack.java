package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.PtError;

/**
 * The return-address stack for compressed returns, libipt's {@code pt_retstack}.
 *
 * <p>With return compression (SDM 32.2.2.2 "Return compression"), a near return whose target is
 * the address pushed by its matching near call is logged as a single taken TNT bit instead of a
 * TIP. The decoder therefore remembers the return address of each near call. The stack has a
 * fixed capacity of {@value #CAPACITY}, like the processor's; when it is full, a push silently
 * drops the oldest entry. The storage is one fixed array, so push and pop never allocate.
 */
public final class ReturnStack {
    /** The number of return addresses kept (libipt's {@code pt_retstack_size}). */
    public static final int CAPACITY = 64;

    // One spare slot distinguishes full from empty in the ring.
    private final long[] stack = new long[CAPACITY + 1];
    private int top;
    private int bottom;
    private int pushes;

    /** Removes every entry. */
    public void clear() {
        top = 0;
        bottom = 0;
    }

    /** Whether the stack holds no return address. */
    public boolean isEmpty() {
        return top == bottom;
    }

    /**
     * Pushes the return address of a near call, dropping the oldest entry when full.
     *
     * @param ip the address after the call instruction
     */
    public void push(long ip) {
        top = next(top);
        if (top == bottom) {
            bottom = next(bottom);
        }
        stack[top] = ip;
        pushes++;
    }

    /**
     * The number of pushes so far (wrapping around), so a caller can tell what a piece of
     * work pushed.
     */
    public int pushes() {
        return pushes;
    }

    /**
     * The entry {@code depth} below the top without popping it, for a caller that knows it is
     * there (at most {@link #CAPACITY} - 1 and not more than were pushed since the last pop).
     *
     * @param depth 0 for the top
     * @return the return address
     */
    public long peek(int depth) {
        int i = top - depth;
        return stack[i < 0 ? i + CAPACITY + 1 : i];
    }

    /**
     * Pops the most recent return address; the stack must not be {@link #isEmpty() empty}.
     *
     * @return the address
     */
    public long popUnchecked() {
        long ip = stack[top];
        top = top == 0 ? CAPACITY : top - 1;
        return ip;
    }

    /**
     * Pops the most recent return address into {@code out[0]}.
     *
     * @param out a one-element holder for the address
     * @return 0, or {@code -RETSTACK_EMPTY} if there is no entry
     */
    public int pop(long[] out) {
        if (isEmpty()) {
            return -PtError.RETSTACK_EMPTY.code();
        }
        out[0] = popUnchecked();
        return 0;
    }

    /**
     * Makes this stack a copy of {@code other}.
     *
     * @param other the stack to copy
     */
    public void copyFrom(ReturnStack other) {
        System.arraycopy(other.stack, 0, stack, 0, stack.length);
        top = other.top;
        bottom = other.bottom;
    }

    private static int next(int i) {
        return i == CAPACITY ? 0 : i + 1;
    }
}
