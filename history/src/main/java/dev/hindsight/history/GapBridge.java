package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import java.util.ArrayList;
import java.util.List;

/**
 * Bridges gaps in the function-segment table after decoding, as gdb's
 * {@code btrace_bridge_gaps} does (spec §9.7): the segments left and right of a gap are joined
 * where their caller chains agree best, with at least 5, then 4, ... then 1 matching callers.
 */
final class GapBridge {
    private final SegmentTable t;

    GapBridge(SegmentTable table) {
        this.t = table;
    }

    /** Bridges what it can of {@code gaps} (gap segment numbers, ascending). */
    void bridge(List<Integer> gaps) {
        List<Integer> todo = new ArrayList<>(gaps);
        for (int minMatches = 5; minMatches > 0; minMatches--) {
            while (!todo.isEmpty()) {
                List<Integer> remaining = new ArrayList<>();
                for (int gap : todo) {
                    int lhs = gap - 1;
                    // Only the leftmost gap of a run is bridged; gaps at the start are not.
                    if (lhs < 1 || t.isGap(lhs)) {
                        continue;
                    }
                    int rhs = gap + 1;
                    while (rhs <= t.size() && t.isGap(rhs)) {
                        rhs++;
                    }
                    if (rhs > t.size()) {
                        continue;
                    }
                    if (bridgeGap(lhs, rhs, minMatches) == 0) {
                        remaining.add(gap);
                    }
                }
                if (remaining.size() == todo.size()) {
                    break;
                }
                todo = remaining;
            }
            if (todo.isEmpty()) {
                break;
            }
        }
    }

    /** {@code ftrace_bridge_gap}. */
    private int bridgeGap(int lhs, int rhs, int minMatches) {
        int best = 0;
        int bestL = 0;
        int bestR = 0;
        for (int l = lhs; l != 0; l = caller(l)) {
            for (int r = rhs; r != 0; r = caller(r)) {
                int m = matchBacktrace(l, r);
                if (best < m) {
                    best = m;
                    bestL = l;
                    bestR = r;
                }
            }
        }
        if (best < minMatches) {
            return 0;
        }
        fixupLevel(rhs, t.level(bestL) - t.level(bestR));
        connectBacktrace(bestL, bestR);
        return best;
    }

    /** {@code ftrace_get_caller}: the caller, stepping through tail calls. */
    private int caller(int seg) {
        for (; seg != 0; seg = t.up(seg)) {
            if ((t.flags(seg) & SegmentTable.UP_IS_TAILCALL) == 0) {
                return t.up(seg);
            }
        }
        return 0;
    }

    /** {@code ftrace_match_backtrace}: how many callers agree, 0 if any pair differs. */
    private int matchBacktrace(int lhs, int rhs) {
        int matches = 0;
        while (lhs != 0 && rhs != 0) {
            if (FunctionSymbol.switched(t.symbol(lhs), t.symbol(rhs))) {
                return 0;
            }
            matches++;
            lhs = caller(lhs);
            rhs = caller(rhs);
        }
        return matches;
    }

    /** {@code ftrace_fixup_level}: shifts {@code seg} and every later segment. */
    private void fixupLevel(int seg, int adjustment) {
        if (adjustment == 0) {
            return;
        }
        for (int s = seg; s <= t.size(); s++) {
            t.setLevel(s, t.level(s) + adjustment);
        }
    }

    /** {@code ftrace_connect_backtrace}. */
    private void connectBacktrace(int lhs, int rhs) {
        while (lhs != 0 && rhs != 0) {
            int prev = lhs;
            int next = rhs;
            lhs = caller(lhs);
            rhs = caller(rhs);
            connect(prev, next);
        }
    }

    /** {@code ftrace_connect_bfun}. */
    private void connect(int prev, int next) {
        t.link(prev, next);
        fixupLevel(next, t.level(prev) - t.level(next));
        if (t.up(prev) == 0) {
            byte flags = t.flags(next);
            int up = t.up(next);
            if (up != 0) {
                fixupCaller(prev, up, flags);
            }
        } else if (t.up(next) == 0) {
            byte flags = t.flags(prev);
            int up = t.up(prev);
            if (up != 0) {
                fixupCaller(next, up, flags);
            }
        } else if ((t.flags(prev) & SegmentTable.UP_IS_TAILCALL) != 0) {
            // prev has tail callers next lacks: splice them into next's back trace.
            int caller = t.up(next);
            byte nextFlags = t.flags(next);
            byte prevFlags = t.flags(prev);
            int p = t.up(prev);
            fixupCaller(next, p, prevFlags);
            for (; p != 0; p = t.up(p)) {
                if (t.up(p) == 0) {
                    fixupCaller(p, caller, nextFlags);
                    fixupLevel(caller, t.level(p) - t.level(caller) - 1);
                    break;
                }
                if ((t.flags(p) & SegmentTable.UP_IS_TAILCALL) == 0) {
                    break;
                }
            }
        }
    }

    /** {@code ftrace_fixup_caller}: {@code seg}'s whole instance gets {@code caller} as its up. */
    private void fixupCaller(int seg, int caller, byte flags) {
        t.setUp(seg, caller, flags);
        for (int p = t.prev(seg); p != 0; p = t.prev(p)) {
            t.setUp(p, caller, flags);
        }
        for (int n = t.next(seg); n != 0; n = t.next(n)) {
            t.setUp(n, caller, flags);
        }
    }
}
