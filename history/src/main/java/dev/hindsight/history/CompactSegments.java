package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The function segments frozen after decoding in about 12 bytes each: instruction counts, levels,
 * symbol ids and link distances in {@link PackedInts}, first instruction numbers as a base per
 * 64 segments, gaps in a side map. Read-only; segments are numbered from 1.
 */
final class CompactSegments {
    private static final int BLOCK_SHIFT = 6;

    private final int size;
    private final long[] blockBase;
    private final PackedInts count;
    private final PackedInts level;
    private final PackedInts symbol;
    private final PackedInts up;
    private final PackedInts prev;
    private final PackedInts next;
    private final Map<Integer, Integer> errcode = new HashMap<>();
    private final FunctionSymbol[] symbols;

    CompactSegments(SegmentTable t, int levelOffset) {
        size = t.size();
        blockBase = new long[(size >> BLOCK_SHIFT) + 1];
        count = new PackedInts(size);
        level = new PackedInts(size);
        symbol = new PackedInts(size);
        up = new PackedInts(size);
        prev = new PackedInts(size);
        next = new PackedInts(size);
        List<FunctionSymbol> syms = t.symbols();
        symbols = syms.toArray(new FunctionSymbol[0]);
        for (int s = 1; s <= size; s++) {
            int i = s - 1;
            if ((i & ((1 << BLOCK_SHIFT) - 1)) == 0) {
                blockBase[i >> BLOCK_SHIFT] = t.insnOffset(s);
            }
            count.set(i, t.isGap(s) ? 1 : t.insnCount(s));
            level.set(i, t.level(s) + levelOffset);
            symbol.set(i, t.symbolId(s) + 1);
            // The up flags ride in the low two bits of the up distance.
            up.set(i, ((t.up(s) == 0 ? 0 : s - t.up(s)) << 2) | t.flags(s));
            prev.set(i, t.prev(s) == 0 ? 0 : s - t.prev(s));
            next.set(i, t.next(s) == 0 ? 0 : t.next(s) - s);
            if (t.isGap(s)) {
                errcode.put(s, t.errcode(s));
            }
        }
    }

    int size() {
        return size;
    }

    long insnOffset(int seg) {
        int i = seg - 1;
        int b = i >> BLOCK_SHIFT;
        long n = blockBase[b];
        for (int k = b << BLOCK_SHIFT; k < i; k++) {
            n += count.get(k);
        }
        return n;
    }

    /** Instructions in the segment (0 for a gap). */
    int insnCount(int seg) {
        return errcode.containsKey(seg) ? 0 : count.get(seg - 1);
    }

    int level(int seg) {
        return level.get(seg - 1);
    }

    int up(int seg) {
        int d = up.get(seg - 1) >> 2;
        return d == 0 ? 0 : seg - d;
    }

    int prev(int seg) {
        int d = prev.get(seg - 1);
        return d == 0 ? 0 : seg - d;
    }

    int next(int seg) {
        int d = next.get(seg - 1);
        return d == 0 ? 0 : seg + d;
    }

    byte flags(int seg) {
        return (byte) (up.get(seg - 1) & 3);
    }

    FunctionSymbol symbol(int seg) {
        int id = symbol.get(seg - 1);
        return id == 0 ? null : symbols[id - 1];
    }

    int errcode(int seg) {
        Integer e = errcode.get(seg);
        return e == null ? 0 : e;
    }

    /** The segment holding instruction {@code number} (1..total). */
    int segmentOf(long number) {
        int lo = 0;
        int hi = blockBase.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blockBase[mid] <= number) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int i = lo << BLOCK_SHIFT;
        long n = blockBase[lo];
        int end = Math.min(size, i + (1 << BLOCK_SHIFT));
        for (; i < end - 1; i++) {
            long c = count.get(i);
            if (number < n + c) {
                break;
            }
            n += c;
        }
        return i + 1;
    }

    long bytes() {
        return 8L * blockBase.length + count.bytes() + level.bytes() + symbol.bytes() + up.bytes()
                + prev.bytes() + next.bytes() + 48L * errcode.size();
    }
}
