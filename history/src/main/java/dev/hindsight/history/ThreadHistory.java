package dev.hindsight.history;

import dev.hindsight.history.debuginfo.SymbolLookup;
import dev.hindsight.pt.PtError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A thread's decoded execution history: the function segments of every instruction, plus
 * checkpoints into the trace from which any window of instructions is decoded again on demand
 * (instructions themselves are not stored). gdb's numbering model (spec §2): instructions from 1,
 * a gap takes one number, and the trace may end with the current instruction, numbered but not
 * counted.
 *
 * <p>Not thread-safe: windows re-decode through the one {@link InstructionSource}.
 */
public final class ThreadHistory implements AutoCloseable {
    /** Instructions between stored checkpoints, at least. */
    static final int CHECKPOINT_INTERVAL = 4096;

    private final InstructionSource source;
    private final FunctionCallHistory calls;
    private final long[] cpNumber;
    private final long[] cpToken;
    private final boolean hasCurrent;
    private final long syntheticPc;
    private final int syntheticSize;
    private final List<String> warnings;
    private final TraceStep step = new TraceStep();

    private ThreadHistory(InstructionSource source, FunctionCallHistory calls, long[] cpNumber, long[] cpToken,
            boolean hasCurrent, long syntheticPc, int syntheticSize, List<String> warnings) {
        this.source = source;
        this.calls = calls;
        this.cpNumber = cpNumber;
        this.cpToken = cpToken;
        this.hasCurrent = hasCurrent;
        this.syntheticPc = syntheticPc;
        this.syntheticSize = syntheticSize;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Decodes {@code source} from its start and builds the history.
     *
     * @param source the decoded trace; the history keeps it to re-decode windows
     * @param symbols the functions
     * @param currentPc the live pc to append as the current instruction (gdb appends it after PT
     *     decoding), or -1 for none; BTS traces already end at it
     * @param currentSize the size of the instruction at {@code currentPc}
     */
    public static ThreadHistory build(InstructionSource source, SymbolLookup symbols, long currentPc, int currentSize) {
        FunctionCallBuilder b = new FunctionCallBuilder(symbols);
        List<String> warnings = new ArrayList<>();
        long[] num = new long[256];
        long[] tok = new long[256];
        int cps = 0;
        TraceStep st = new TraceStep();
        source.rewind();
        boolean lastIsGap = false;
        boolean any = false;
        while (source.next(st) >= 0) {
            long n = b.nextNumber();
            any = true;
            if (st.gap) {
                b.gap(st.errcode);
                lastIsGap = true;
                if (st.warning != null) {
                    String text = st.errcode < 0 ? PtError.of(-st.errcode).message() : "";
                    warnings.add(st.warning.format(n - 1, st, text));
                }
                continue;
            }
            lastIsGap = false;
            if (st.checkpoint != TraceStep.NO_CHECKPOINT
                    && (cps == 0 || n - num[cps - 1] >= CHECKPOINT_INTERVAL)) {
                if (cps == num.length) {
                    num = Arrays.copyOf(num, cps * 2);
                    tok = Arrays.copyOf(tok, cps * 2);
                }
                num[cps] = n;
                tok[cps] = st.checkpoint;
                cps++;
            }
            b.instruction(st.ip, st.size, st.kind, st.countsForLevel);
        }
        warnings.addAll(0, source.warnings());
        long[] later = source.laterCheckpoints();
        if (later.length > 0) {
            long[][] merged = mergeCheckpoints(Arrays.copyOf(num, cps), Arrays.copyOf(tok, cps), later);
            num = merged[0];
            tok = merged[1];
            cps = num.length;
        }
        boolean hasCurrent;
        long synthetic = -1;
        if (currentPc != -1) {
            b.instruction(currentPc, currentSize, InsnKind.OTHER, false);
            hasCurrent = true;
            synthetic = currentPc;
        } else {
            // A BTS trace ends at the current instruction, unless it ends with a gap.
            hasCurrent = any && !lastIsGap && !source.isPt();
        }
        return new ThreadHistory(source, b.build(), Arrays.copyOf(num, cps), Arrays.copyOf(tok, cps),
                hasCurrent, synthetic, currentSize, warnings);
    }

    /** Merges two checkpoint lists by number, keeping them at least the interval apart. */
    private static long[][] mergeCheckpoints(long[] num, long[] tok, long[] later) {
        int n = num.length + later.length / 2;
        long[][] pairs = new long[n][];
        for (int i = 0; i < num.length; i++) {
            pairs[i] = new long[] {num[i], tok[i]};
        }
        for (int i = 0; i < later.length / 2; i++) {
            pairs[num.length + i] = new long[] {later[2 * i], later[2 * i + 1]};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        long[] rn = new long[n];
        long[] rt = new long[n];
        int k = 0;
        for (long[] p : pairs) {
            if (k == 0 || p[0] - rn[k - 1] >= CHECKPOINT_INTERVAL) {
                rn[k] = p[0];
                rt[k] = p[1];
                k++;
            }
        }
        return new long[][] {Arrays.copyOf(rn, k), Arrays.copyOf(rt, k)};
    }

    /** The function segments. */
    public FunctionCallHistory calls() {
        return calls;
    }

    /** gdb's name of the recording format. */
    public String formatName() {
        return source.formatName();
    }

    /** Whether the trace is Intel PT (gap codes are PT codes). */
    public boolean isPt() {
        return source.isPt();
    }

    /** The warnings decoding printed, in order. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether there is no trace at all. */
    public boolean isEmpty() {
        return calls.instructionCount() == 0;
    }

    /** Whether the last numbered entry is the current instruction. */
    public boolean hasCurrentInstruction() {
        return hasCurrent;
    }

    /**
     * The number of gdb's end iterator: the current instruction, or a trailing gap, or one past
     * the last instruction if the trace has neither.
     */
    public long endNumber() {
        long n = calls.instructionCount();
        if (n == 0) {
            return 0;
        }
        if (hasCurrent || calls.errcode(calls.segmentCount()) != 0) {
            return n;
        }
        return n + 1;
    }

    /** The {@code Recorded %u instructions} figure of {@code info record}. */
    public long recordedInstructions() {
        long end = endNumber();
        if (end == 0) {
            return 0;
        }
        boolean endIsGap = end <= calls.instructionCount() && calls.errcode(calls.segmentOf(end)) != 0;
        return endIsGap ? end : end - 1;
    }

    /** The number of listable function segments (a trailing current-instruction-only one is not). */
    public int functionCount() {
        int n = calls.segmentCount();
        if (n > 0 && hasCurrent && calls.instructionCount(n) == 1) {
            n--;
        }
        return n;
    }

    /** The number of gaps. */
    public int gapCount() {
        return calls.gapCount();
    }

    /** Whether {@code number} is a gap. */
    public boolean isGap(long number) {
        return calls.errcode(calls.segmentOf(number)) != 0;
    }

    /** The number of stored checkpoints. */
    public int checkpointCount() {
        return cpNumber.length;
    }

    /** Bytes held by the segments and checkpoints, for memory accounting. */
    public long retainedBytes() {
        return calls.retainedBytes() + cpNumber.length * 16L;
    }

    /** Receives the entries of a window. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * One entry; {@code step} is reused for the next one.
         *
         * @return false to stop
         */
        boolean visit(long number, TraceStep step);
    }

    /**
     * Decodes the entries numbered {@code from..to} (inclusive) again and hands them to
     * {@code visitor} in order. Starts at the last checkpoint at or before {@code from}.
     */
    public void window(long from, long to, Visitor visitor) {
        long total = calls.instructionCount();
        to = Math.min(to, total);
        if (from < 1 || from > to) {
            return;
        }
        long syntheticNumber = syntheticPc != -1 ? total : -1;
        long realTo = syntheticNumber != -1 ? Math.min(to, total - 1) : to;
        if (from <= realTo && !decodeWindow(from, realTo, visitor)) {
            return;
        }
        if (syntheticNumber != -1 && from <= syntheticNumber && to >= syntheticNumber) {
            step.instruction(syntheticPc, syntheticSize, InsnKind.OTHER, false);
            visitor.visit(syntheticNumber, step);
        }
    }

    private boolean decodeWindow(long from, long to, Visitor visitor) {
        int i = Arrays.binarySearch(cpNumber, from);
        if (i < 0) {
            i = -i - 2;
        }
        long n;
        for (;; i--) {
            if (i < 0) {
                source.rewind();
                n = 1;
                break;
            }
            if (source.rewind(cpToken[i])) {
                n = cpNumber[i];
                break;
            }
        }
        while (n <= to && source.next(step) >= 0) {
            if (n >= from && !visitor.visit(n, step)) {
                return false;
            }
            n++;
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        source.close();
    }
}
