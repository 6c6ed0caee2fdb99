package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import dev.hindsight.history.debuginfo.SymbolLookup;

/**
 * Builds function segments from a stream of executed instructions and gaps, as gdb's
 * {@code btrace_compute_ftrace} does (spec §9.2-9.3): a new segment at each call, return, tail
 * call and symbol change; a return continues the caller's instance; a return into a caller
 * never seen creates a segment one level up.
 *
 * <p>BTS and PT decoding feed the same builder. One pass, no per-instruction objects; symbols
 * are looked up once per instruction, so give it a fast {@link SymbolLookup}.
 */
public final class FunctionCallBuilder {
    private static final String DL_RUNTIME_RESOLVE = "_dl_runtime_resolve";
    private static final String UNWIND_PREFIX = "_Unwind_";

    private final SegmentTable table = new SegmentTable();
    private final SymbolLookup symbols;
    private long lastInsnEnd;
    private long nextNumber = 1;
    private int minLevel = Integer.MAX_VALUE;
    private int gaps;
    private final java.util.List<Integer> gapSegments = new java.util.ArrayList<>();

    /** A builder that finds functions with {@code symbols}. */
    public FunctionCallBuilder(SymbolLookup symbols) {
        this.symbols = symbols;
    }

    /**
     * Appends an executed instruction.
     *
     * @param pc   its address
     * @param size its length in bytes
     * @param kind its class
     */
    public void instruction(long pc, int size, InsnKind kind) {
        instruction(pc, size, kind, true);
    }

    /**
     * Appends an executed instruction.
     *
     * @param pc         its address
     * @param size       its length in bytes
     * @param kind       its class
     * @param countLevel whether its segment's level counts for the level offset (gdb leaves out
     *                   BTS's newest block and the current instruction)
     */
    public void instruction(long pc, int size, InsnKind kind, boolean countLevel) {
        int seg = update(pc);
        table.addInsn(seg, kind);
        lastInsnEnd = pc + size;
        nextNumber++;
        if (countLevel) {
            minLevel = Math.min(minLevel, table.level(seg));
        }
    }

    /**
     * Appends a gap: a decode error that occupies one instruction number.
     *
     * @param errcode gdb's error code (non-zero: negative libipt codes, positive BTS/PT codes)
     */
    public void gap(int errcode) {
        if (errcode == 0) {
            throw new IllegalArgumentException("a gap needs a non-zero error code");
        }
        int seg = table.size();
        if (seg == 0 || table.isGap(seg) || table.insnCount(seg) != 0) {
            seg = newSegment(null);
        }
        table.setErrcode(seg, errcode);
        nextNumber++;
        gaps++;
        gapSegments.add(seg);
    }

    /** The number the next instruction or gap will get. */
    public long nextNumber() {
        return nextNumber;
    }

    /** The history built so far; the builder must not be used afterwards. */
    public FunctionCallHistory build() {
        int offset;
        if (gapSegments.isEmpty()) {
            offset = minLevel == Integer.MAX_VALUE ? 0 : -minLevel;
        } else {
            new GapBridge(table).bridge(gapSegments);
            offset = globalLevelOffset();
        }
        return new FunctionCallHistory(table, nextNumber - 1, gaps, offset);
    }

    /**
     * {@code ftrace_compute_global_level_offset}: minus the minimum level, leaving out the last
     * segment if it holds only the current instruction.
     */
    private int globalLevelOffset() {
        int n = table.size();
        if (n == 0) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        for (int s = 1; s < n; s++) {
            min = Math.min(min, table.level(s));
        }
        if (table.insnCount(n) != 1) {
            min = Math.min(min, table.level(n));
        }
        return min == Integer.MAX_VALUE ? 0 : -min;
    }

    private int update(long pc) {
        FunctionSymbol sym = symbols.find(pc);
        int cur = table.size();
        if (cur == 0 || table.isGap(cur)) {
            return newSegment(sym);
        }
        InsnKind last = table.lastKind(cur);
        if (last != null) {
            switch (last) {
                case RETURN -> {
                    return DL_RUNTIME_RESOLVE.equals(name(cur)) ? newCall(sym, SegmentTable.UP_IS_TAILCALL)
                            : newReturn(sym);
                }
                case CALL -> {
                    // A call to the next instruction only reads the pc (position-independent code).
                    if (lastInsnEnd != pc) {
                        return newCall(sym, (byte) 0);
                    }
                }
                case JUMP -> {
                    long start = sym == null ? 0 : sym.start();
                    if (start == pc) {
                        return newCall(sym, SegmentTable.UP_IS_TAILCALL);
                    }
                    // Some _Unwind_RaiseException versions "return" to the handler with a jump.
                    if (name(cur).startsWith(UNWIND_PREFIX) && findCaller(table.up(cur), sym) != 0) {
                        return newReturn(sym);
                    }
                    if (start == 0 && FunctionSymbol.switched(table.symbol(cur), sym)) {
                        return newCall(sym, SegmentTable.UP_IS_TAILCALL);
                    }
                }
                default -> {
                }
            }
        }
        if (FunctionSymbol.switched(table.symbol(cur), sym)) {
            int seg = newSegment(sym);
            table.setUp(seg, table.up(cur), table.flags(cur));
            return seg;
        }
        return cur;
    }

    private String name(int seg) {
        FunctionSymbol s = table.symbol(seg);
        return s == null ? "??" : s.printName();
    }

    /** {@code ftrace_new_function}: a segment after the last one, at its level. */
    private int newSegment(FunctionSymbol sym) {
        int prev = table.size();
        int level = prev == 0 ? 0 : table.level(prev);
        return table.add(nextNumber, level, sym);
    }

    /** {@code ftrace_new_call} / {@code ftrace_new_tailcall}. */
    private int newCall(FunctionSymbol sym, byte upFlags) {
        int caller = table.size();
        int seg = newSegment(sym);
        table.setUp(seg, caller, upFlags);
        table.setLevel(seg, table.level(caller) + 1);
        return seg;
    }

    /** {@code ftrace_new_return}. */
    private int newReturn(FunctionSymbol sym) {
        int prev = table.size();
        int seg = newSegment(sym);
        int caller = findCaller(table.up(prev), sym);
        if (caller != 0) {
            table.link(caller, seg);
            table.setLevel(seg, table.level(caller));
            table.setUp(seg, table.up(caller), table.flags(caller));
        } else if (findCall(table.up(prev)) == 0) {
            // The call is not in the trace: give the topmost known function a new caller.
            int top = prev;
            while (table.up(top) != 0) {
                top = table.up(top);
            }
            table.setLevel(seg, table.level(top) - 1);
            fixupCaller(top, seg);
        } else {
            // We should have returned to a call in prev's back trace but did not (a context
            // switch, longjmp): start a separate back trace from prev's level.
            table.setLevel(seg, table.level(prev) - 1);
            table.setUp(prev, seg, SegmentTable.UP_IS_RETURN);
        }
        return seg;
    }

    /** {@code ftrace_find_caller}: the first segment on the up chain of the same function. */
    private int findCaller(int seg, FunctionSymbol sym) {
        while (seg != 0 && FunctionSymbol.switched(table.symbol(seg), sym)) {
            seg = table.up(seg);
        }
        return seg;
    }

    /** {@code ftrace_find_call}: the first segment on the up chain that ends in a call. */
    private int findCall(int seg) {
        while (seg != 0 && (table.isGap(seg) || table.lastKind(seg) != InsnKind.CALL)) {
            seg = table.up(seg);
        }
        return seg;
    }

    /** {@code ftrace_fixup_caller}: every segment of {@code seg}'s instance returns to {@code caller}. */
    private void fixupCaller(int seg, int caller) {
        table.setUp(seg, caller, SegmentTable.UP_IS_RETURN);
        for (int p = table.prev(seg); p != 0; p = table.prev(p)) {
            table.setUp(p, caller, SegmentTable.UP_IS_RETURN);
        }
        for (int n = table.next(seg); n != 0; n = table.next(n)) {
            table.setUp(n, caller, SegmentTable.UP_IS_RETURN);
        }
    }
}
