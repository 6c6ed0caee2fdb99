package dev.hindsight.history;

import java.util.HashMap;
import java.util.Map;

/**
 * A fixed-length column of ints stored in 2 bytes each, with the rare value outside the short
 * range kept in a side map: the frozen segment table's storage (most levels, counts and link
 * distances are small).
 */
final class PackedInts {
    private static final short ESCAPE = Short.MIN_VALUE;

    private final short[] values;
    private final Map<Integer, Integer> large = new HashMap<>();

    PackedInts(int size) {
        values = new short[size];
    }

    void set(int i, int v) {
        if (v > Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            values[i] = (short) v;
            large.remove(i);
        } else {
            values[i] = ESCAPE;
            large.put(i, v);
        }
    }

    int get(int i) {
        short s = values[i];
        return s != ESCAPE ? s : large.get(i);
    }

    int size() {
        return values.length;
    }

    /** Bytes held (the map's entries counted at 48 bytes each). */
    long bytes() {
        return 2L * values.length + 48L * large.size();
    }
}
