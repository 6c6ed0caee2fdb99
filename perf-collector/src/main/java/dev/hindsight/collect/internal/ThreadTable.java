package dev.hindsight.collect.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The traced threads by tid. A linear table with a one-entry cache: a process has few threads and
 * the lookup sits on the per-step path, where it must not box or allocate.
 */
public final class ThreadTable {
    private TracedThread[] threads = new TracedThread[8];
    private int size;
    private TracedThread last;

    /** An empty table. */
    public ThreadTable() {
    }

    /** The thread {@code tid}, or null. */
    public TracedThread get(int tid) {
        TracedThread l = last;
        if (l != null && l.tid == tid) {
            return l;
        }
        for (int i = 0; i < size; i++) {
            if (threads[i].tid == tid) {
                last = threads[i];
                return last;
            }
        }
        return null;
    }

    /** The thread {@code tid}, added if it is not there yet. */
    public TracedThread getOrAdd(int tid) {
        TracedThread t = get(tid);
        if (t == null) {
            if (size == threads.length) {
                threads = java.util.Arrays.copyOf(threads, size * 2);
            }
            t = new TracedThread(tid);
            threads[size++] = t;
            last = t;
        }
        return t;
    }

    /** Removes thread {@code tid} if present. */
    public void remove(int tid) {
        for (int i = 0; i < size; i++) {
            if (threads[i].tid == tid) {
                threads[i] = threads[--size];
                threads[size] = null;
                last = null;
                return;
            }
        }
    }

    /** How many threads are traced. */
    public int size() {
        return size;
    }

    /** A copy of the threads, for the paths that are not per step. */
    public List<TracedThread> all() {
        List<TracedThread> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(threads[i]);
        }
        return out;
    }
}
