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

    /**
     * Chunks of 64 Ki values (128 KiB): big single arrays would be "humongous" objects that the
     * G1 collector rounds up to whole regions, wasting up to half their size.
     */
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final int size;
    private final short[][] values;
    private final Map<Integer, Integer> large = new HashMap<>();

    PackedInts(int size) {
        this.size = size;
        int chunks = (size + CHUNK_MASK) >>> CHUNK_SHIFT;
        values = new short[chunks][];
        for (int c = 0; c < chunks; c++) {
            values[c] = new short[Math.min(1 << CHUNK_SHIFT, size - (c << CHUNK_SHIFT))];
        }
    }

    void set(int i, int v) {
        if (v > Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            values[i >>> CHUNK_SHIFT][i & CHUNK_MASK] = (short) v;
            large.remove(i);
        } else {
            values[i >>> CHUNK_SHIFT][i & CHUNK_MASK] = ESCAPE;
            large.put(i, v);
        }
    }

    int get(int i) {
        short s = values[i >>> CHUNK_SHIFT][i & CHUNK_MASK];
        return s != ESCAPE ? s : large.get(i);
    }

    int size() {
        return size;
    }

    /** Bytes held (the map's entries counted at 48 bytes each). */
    long bytes() {
        return 2L * size + 16L * values.length + 48L * large.size();
    }
}
