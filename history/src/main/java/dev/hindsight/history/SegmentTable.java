package dev.hindsight.history;

import dev.hindsight.history.debuginfo.FunctionSymbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Function segments stored column-wise in primitive arrays (gdb's {@code btrace_function}
 * vector without per-segment objects): a history of millions of segments costs a few dozen
 * bytes per segment and no object headers.
 *
 * <p>Segments are numbered from 1; 0 means "none" in the link columns. Symbols are interned.
 * Package-private and mutable: {@link FunctionCallBuilder} fills it, {@link FunctionCallHistory}
 * exposes it read-only.
 */
final class SegmentTable {
    /** {@code BFUN_UP_LINKS_TO_RET}: the up link is the segment we returned into. */
    static final byte UP_IS_RETURN = 1;
    /** {@code BFUN_UP_LINKS_TO_TAILCALL}: the up link is the caller of a tail call. */
    static final byte UP_IS_TAILCALL = 2;

    private int size;
    private long[] insnOffset = new long[64];
    private int[] insnCount = new int[64];
    private int[] level = new int[64];
    private int[] up = new int[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private int[] symbol = new int[64];
    private int[] errcode = new int[64];
    private byte[] flags = new byte[64];
    private byte[] lastKind = new byte[64];

    private final List<FunctionSymbol> symbols = new ArrayList<>();
    private final Map<FunctionSymbol, Integer> symbolIds = new HashMap<>();

    /** Appends a segment and returns its number. */
    int add(long firstInsn, int lvl, FunctionSymbol sym) {
        if (size == insnOffset.length) {
            grow();
        }
        int i = size++;
        insnOffset[i] = firstInsn;
        level[i] = lvl;
        symbol[i] = intern(sym);
        lastKind[i] = -1;
        return size;
    }

    private int intern(FunctionSymbol sym) {
        if (sym == null) {
            return -1;
        }
        Integer id = symbolIds.get(sym);
        if (id == null) {
            id = symbols.size();
            symbols.add(sym);
            symbolIds.put(sym, id);
        }
        return id;
    }

    private void grow() {
        int n = insnOffset.length * 2;
        insnOffset = Arrays.copyOf(insnOffset, n);
        insnCount = Arrays.copyOf(insnCount, n);
        level = Arrays.copyOf(level, n);
        up = Arrays.copyOf(up, n);
        prev = Arrays.copyOf(prev, n);
        next = Arrays.copyOf(next, n);
        symbol = Arrays.copyOf(symbol, n);
        errcode = Arrays.copyOf(errcode, n);
        flags = Arrays.copyOf(flags, n);
        lastKind = Arrays.copyOf(lastKind, n);
    }

    int size() {
        return size;
    }

    long insnOffset(int seg) {
        return insnOffset[seg - 1];
    }

    int insnCount(int seg) {
        return insnCount[seg - 1];
    }

    void addInsn(int seg, InsnKind kind) {
        insnCount[seg - 1]++;
        lastKind[seg - 1] = (byte) kind.ordinal();
    }

    /** The class of the segment's last instruction, or {@code null} if it has none. */
    InsnKind lastKind(int seg) {
        byte k = lastKind[seg - 1];
        return k < 0 ? null : InsnKind.values()[k];
    }

    int level(int seg) {
        return level[seg - 1];
    }

    void setLevel(int seg, int lvl) {
        level[seg - 1] = lvl;
    }

    int up(int seg) {
        return up[seg - 1];
    }

    byte flags(int seg) {
        return flags[seg - 1];
    }

    void setUp(int seg, int upSeg, byte upFlags) {
        up[seg - 1] = upSeg;
        flags[seg - 1] = upFlags;
    }

    int prev(int seg) {
        return prev[seg - 1];
    }

    int next(int seg) {
        return next[seg - 1];
    }

    void link(int earlier, int later) {
        next[earlier - 1] = later;
        prev[later - 1] = earlier;
    }

    /** The interned symbols, by id. */
    List<FunctionSymbol> symbols() {
        return symbols;
    }

    /** The segment's symbol id, or -1 for none. */
    int symbolId(int seg) {
        return symbol[seg - 1];
    }

    FunctionSymbol symbol(int seg) {
        int id = symbol[seg - 1];
        return id < 0 ? null : symbols.get(id);
    }

    int errcode(int seg) {
        return errcode[seg - 1];
    }

    void setErrcode(int seg, int code) {
        errcode[seg - 1] = code;
    }

    boolean isGap(int seg) {
        return errcode[seg - 1] != 0;
    }

    /** Bytes held per segment, for memory accounting. */
    static int bytesPerSegment() {
        return 8 + 4 * 7 + 2;
    }
}
