package dev.hindsight.history;

import dev.hindsight.pt.image.Asid;
import java.util.Locale;

/**
 * Replay navigation over a history, as gdb's {@code record-btrace} target drives its generic
 * stepping logic (spec §6.2): single steps forward and backward that skip gaps, stop at
 * breakpoints and report "no history" at both ends, and on top of them {@code stepi},
 * {@code nexti}, {@code step}, {@code next}, {@code finish}, {@code continue} in both
 * directions, frames and backtraces from the function segments.
 *
 * <p>A frame is a function instance: the first segment of its {@code prev} chain (gdb's
 * {@code record_btrace_frame_this_id}); a callee is a frame whose {@code up} segment belongs to
 * the stepping frame. Line stepping follows infrun's {@code process_event_stop_test}: keep going
 * while the pc stays in the line-table row of the stepping frame, step over or into calls, stop
 * at the start of a new statement line, otherwise adopt the row the pc is in and keep going.
 */
final class Stepper {
    /** What happens to calls: stepi's none, next's all, step's those without line information. */
    enum Over { NONE, ALL, UNDEBUGGABLE }

    private static final int STEPPED = 0;
    private static final int NO_HISTORY = 1;
    private static final int BREAKPOINT = 2;
    private static final int CACHE = 4096;

    private final HistoryBrowser browser;
    private final ThreadHistory history;
    private final FunctionCallHistory calls;
    private final DwarfLines lines;
    private final DwarfFunctions functions;
    private final SymbolLookup symbols;
    private final Breakpoints breakpoints;
    private Breakpoints.Breakpoint hitBreakpoint;

    private final long[] cachePc = new long[CACHE];
    private final int[] cacheSize = new int[CACHE];
    private long cacheLo = 1;
    private long cacheHi;

    Stepper(HistoryBrowser browser, Breakpoints breakpoints) {
        this.browser = browser;
        this.history = browser.history();
        this.calls = history.calls();
        this.lines = browser.lines();
        this.functions = browser.functions();
        this.symbols = browser.symbols();
        this.breakpoints = breakpoints;
    }

    // ---------------------------------------------------------------- instructions and frames

    private void load(long n) {
        long total = calls.instructionCount();
        long lo = Math.max(1, n - CACHE / 2);
        long hi = Math.min(total, lo + CACHE - 1);
        cacheLo = lo;
        cacheHi = hi;
        history.window(lo, hi, (num, st) -> {
            int i = (int) (num - lo);
            cachePc[i] = st.gap ? -1 : st.ip;
            cacheSize[i] = st.gap ? 0 : st.size;
            return true;
        });
    }

    /** The pc of instruction {@code n}, or -1 for a gap or a number without instruction. */
    long pc(long n) {
        if (n < 1 || n > calls.instructionCount()) {
            return -1;
        }
        if (n < cacheLo || n > cacheHi) {
            load(n);
        }
        return cachePc[(int) (n - cacheLo)];
    }

    private int size(long n) {
        pc(n);
        return n < cacheLo || n > cacheHi ? 0 : cacheSize[(int) (n - cacheLo)];
    }

    /** The innermost frame's arguments at position {@code n}, as gdb prints them while replaying. */
    String arguments(long pc, long n) {
        return functions.isEmpty() ? "" : functions.replayArguments(pc, callerPcs(n, ENTRY_DEPTH));
    }

    /**
     * The function name a frame line shows for {@code pc}: the debug-information function's at
     * {@code blockAddress} (the pc, or a caller's pc minus one), else the symbol's.
     */
    String frameName(long pc, long blockAddress) {
        String full = functions.frameName(blockAddress);
        if (full != null) {
            return full;
        }
        FunctionSymbol f = symbols.find(pc);
        return f == null ? null : f.printName();
    }

    /** How many callers entry values are looked up through (gdb follows call sites as deep). */
    private static final int ENTRY_DEPTH = 9;

    /**
     * The pcs of the callers of position {@code n}'s frame, innermost first, as the backtrace
     * unwinds them (record_btrace_frame_prev_register): after a call the return address, after a
     * return-type up link the first pc of the caller's segment; at most {@code max}.
     */
    long[] callerPcs(long n, int max) {
        if (n < 1 || n > calls.instructionCount()) {
            return new long[0];
        }
        long[] r = new long[8];
        int k = 0;
        int seg = calls.segmentOf(n);
        for (int up = calls.up(seg); up != 0 && k < max; seg = up, up = calls.up(seg)) {
            long pc;
            if (calls.upIsReturn(seg)) {
                pc = pc(calls.firstInstruction(up));
            } else {
                long last = calls.lastInstruction(up);
                pc = pc(last) + size(last);
            }
            if (k == r.length) {
                r = java.util.Arrays.copyOf(r, k * 2);
            }
            r[k++] = pc;
        }
        return java.util.Arrays.copyOf(r, k);
    }

    private boolean isInstruction(long n) {
        return pc(n) != -1;
    }

    /** Per segment, the first segment of its instance (0: not yet known); filled as walked. */
    private int[] instances;
    private int[] path = new int[64];

    /**
     * The first segment of {@code segment}'s function instance (the frame's identity). Memoised:
     * a function that calls in a loop has one instance of many segments, and steppers ask for
     * it on every instruction.
     */
    private int instance(int segment) {
        if (instances == null) {
            instances = new int[calls.segmentCount() + 1];
        }
        int n = 0;
        int s = segment;
        while (instances[s] == 0 && calls.prev(s) != 0) {
            if (n == path.length) {
                path = java.util.Arrays.copyOf(path, n * 2);
            }
            path[n++] = s;
            s = calls.prev(s);
        }
        int first = instances[s] != 0 ? instances[s] : s;
        instances[s] = first;
        for (int i = 0; i < n; i++) {
            instances[path[i]] = first;
        }
        return first;
    }

    /** The frame of instruction {@code n}, or 0 if it has none. */
    private int frameOf(long n) {
        if (n < 1 || n > calls.instructionCount()) {
            return 0;
        }
        return instance(calls.segmentOf(n));
    }

    /** The caller frame of instruction {@code n}'s frame, or 0 if unknown. */
    private int callerOf(long n) {
        if (n < 1 || n > calls.instructionCount()) {
            return 0;
        }
        int up = calls.up(calls.segmentOf(n));
        return up == 0 ? 0 : instance(up);
    }

    private long functionStart(long pc) {
        FunctionSymbol f = symbols.find(pc);
        return f == null ? -1 : f.start();
    }

    private boolean sameFunction(long a, long b) {
        FunctionSymbol fa = symbols.find(a);
        FunctionSymbol fb = symbols.find(b);
        return fa != null && fb != null && fa.start() == fb.start();
    }

    // ---------------------------------------------------------------- single steps

    /** {@code record_btrace_single_step_forward}; {@code atStart}: infrun steps over a breakpoint at the resume pc. */
    private int stepForward(boolean atStart) {
        checkInterrupt();
        long cur = browser.replayPosition();
        if (cur == 0) {
            return NO_HISTORY;
        }
        if (!atStart) {
            Breakpoints.Breakpoint b = breakpoints.at(pc(cur));
            if (b != null) {
                hitBreakpoint = b;
                return BREAKPOINT;
            }
        }
        long total = calls.instructionCount();
        long n = cur;
        do {
            n++;
            if (n > total) {
                return NO_HISTORY;
            }
        } while (!isInstruction(n));
        if (n == history.endNumber() && history.hasCurrentInstruction()) {
            browser.moveTo(0);
            return NO_HISTORY;
        }
        browser.moveTo(n);
        return STEPPED;
    }

    /** The position replay starts from: the end, skipping trailing gaps (record_btrace_start_replaying). */
    private long startOfReplay() {
        long n = history.endNumber();
        if (n > calls.instructionCount()) {
            return n;
        }
        while (n >= 1 && !isInstruction(n)) {
            n--;
        }
        if (n < 1) {
            throw new HistoryError(Messages.NO_TRACE);
        }
        return n;
    }

    /** {@code record_btrace_single_step_backward}. */
    private int stepBackward() {
        checkInterrupt();
        long cur = browser.replayPosition();
        if (cur == 0) {
            cur = startOfReplay();
        }
        long n = cur;
        do {
            n--;
            if (n < 1) {
                if (cur <= calls.instructionCount()) {
                    browser.moveTo(cur);
                }
                return NO_HISTORY;
            }
        } while (!isInstruction(n));
        browser.moveTo(n);
        Breakpoints.Breakpoint b = breakpoints.at(pc(n));
        if (b != null) {
            hitBreakpoint = b;
            return BREAKPOINT;
        }
        return STEPPED;
    }

    /** Ctrl-C: stop where replay got to, as gdb's {@code Quit}. */
    private void checkInterrupt() {
        if (browser.takeInterrupt()) {
            throw new HistoryError("Quit");
        }
    }

    private void requireMovable(boolean reverse) {
        if (history.isEmpty()) {
            throw new HistoryError(Messages.NO_TRACE);
        }
        if (!reverse && browser.replayPosition() == 0) {
            throw new HistoryError(Messages.NOT_RUNNING);
        }
    }

    // ---------------------------------------------------------------- stepping

    /** gdb's {@code step_command}/{@code stepi_command} family, {@code count} times. */
    void step(boolean reverse, Over over, boolean insnMode, long count, HistoryOutput out) {
        step(reverse, over, insnMode, false, count, out);
    }

    /**
     * As above; {@code until}: gdb's {@code until_next_command}, a {@code next} whose range reaches
     * back to the function's start, so backward jumps (loops) do not stop it.
     */
    void step(boolean reverse, Over over, boolean insnMode, boolean until, long count, HistoryOutput out) {
        requireMovable(reverse);
        browser.takeInterrupt();
        boolean sameFrame = true;
        for (long i = 0; i < count; i++) {
            long start = browser.position();
            long startPc = pc(start);
            if (startPc == -1) {
                if (!reverse) {
                    throw new HistoryError(Messages.NO_STACK);
                }
                // The end of a trace without a current instruction (PT without --pc): the first
                // reverse step lands on the last recorded instruction, whatever the command.
                int status = stepBackward();
                if (status == STEPPED) {
                    sameFrame = false;
                    continue;
                }
                report(status, out);
                return;
            }
            int[] frame = {frameOf(start)};
            int status = stepOnce(reverse, over, insnMode, until, frame, out);
            if (status == NO_HISTORY) {
                printNoHistory(out);
                return;
            }
            if (status == BREAKPOINT) {
                printBreakpoint(out);
                return;
            }
            long now = browser.position();
            sameFrame = frame[0] == frameOf(now) && sameFunction(startPc, pc(now));
        }
        printStop(out, sameFrame);
    }

    /**
     * One step; {@code frame[0]} is the stepping frame, updated as infrun's {@code set_step_info}
     * refreshes it.
     */
    private int stepOnce(boolean reverse, Over over, boolean insnMode, boolean until, int[] frame,
            HistoryOutput out) {
        long startPc = pc(browser.position());
        long[] range = null;
        DwarfLines.Line line = null;
        boolean functionRange = false;
        if (!insnMode) {
            line = lines.at(startPc);
            range = line == null || line.line() == 0 ? null : lines.rowRange(startPc);
            long entry = functionStart(startPc);
            if (until && range != null && entry != -1 && Long.compareUnsigned(entry, range[0]) < 0) {
                range = new long[] {entry, range[1]};
            }
            if (range == null) {
                FunctionSymbol f = symbols.find(startPc);
                if (f == null) {
                    throw new HistoryError("Cannot find bounds of current function");
                }
                out.text("Single stepping until exit from function " + f.printName() + ",");
                out.text("which has no line number information.");
                functionRange = true;
                line = null;
            }
        }
        int stepFrame = frame[0];
        // The frame the stop is compared with: infrun refreshes it only in set_step_info, not when
        // reverse-stepping into a callee (handle_step_into_function_backward).
        int reportFrame = frame[0];
        int untilFrame = 0;
        long untilPc = -1;
        boolean first = true;
        for (;;) {
            int status = reverse ? stepBackward() : stepForward(first);
            first = false;
            if (status != STEPPED) {
                return status;
            }
            long n = browser.position();
            long pc = pc(n);
            int f = frameOf(n);
            if (untilFrame != 0) {
                if (f != untilFrame) {
                    continue;
                }
                untilFrame = 0;
            }
            if (untilPc != -1) {
                if (pc != untilPc) {
                    continue;
                }
                frame[0] = reportFrame;
                return STEPPED;
            }
            if (insnMode && over == Over.NONE) {
                return STEPPED;
            }
            if (!insnMode && f == stepFrame
                    && (functionRange ? sameFunction(pc, startPc) : inRange(range, pc))) {
                if (reverse && !functionRange && pc == range[0] && pc != functionStart(pc)) {
                    frame[0] = reportFrame;
                    return STEPPED;
                }
                continue;
            }
            if (f != stepFrame && callerOf(n) == stepFrame && stepFrame != 0) {
                long entry = functionStart(pc);
                DwarfLines.Line entryLine = entry == -1 ? null : lines.at(entry);
                if (over == Over.UNDEBUGGABLE && entryLine != null && entryLine.line() != 0) {
                    if (!reverse) {
                        long target = prologueEnd(entry);
                        if (pc == target) {
                            frame[0] = reportFrame;
                            return STEPPED;
                        }
                        untilPc = target;
                        continue;
                    }
                    long[] row = lines.rowRange(pc);
                    if (row != null && row[0] == pc) {
                        frame[0] = reportFrame;
                        return STEPPED;
                    }
                    stepFrame = f;
                    range = row;
                    line = lines.at(pc);
                    functionRange = false;
                    continue;
                }
                untilFrame = stepFrame;
                continue;
            }
            if (insnMode) {
                frame[0] = reportFrame;
                return STEPPED;
            }
            DwarfLines.Line l = lines.at(pc);
            long[] row = l == null || l.line() == 0 ? null : lines.rowRange(pc);
            if (row == null) {
                frame[0] = reportFrame;
                return STEPPED;
            }
            boolean atStart = row[0] == pc;
            boolean stmt = lines.linesStartingAt(pc) != null;
            boolean newLine = line == null || line.line() != l.line() || !line.file().equals(l.file());
            if (atStart && newLine && stmt) {
                frame[0] = reportFrame;
                return STEPPED;
            }
            if (atStart && newLine && f == stepFrame) {
                continue;
            }
            stepFrame = f;
            reportFrame = f;
            range = row;
            line = l;
            functionRange = false;
        }
    }

    private static boolean inRange(long[] range, long pc) {
        return range != null && Long.compareUnsigned(pc, range[0]) >= 0
                && (range[1] == -1 || Long.compareUnsigned(pc, range[1]) < 0);
    }

    /**
     * Where {@code step} stops in a function it steps into: amd64's prologue analysis
     * ({@code amd64_analyze_prologue}: [endbr64] push %rbp; mov %rsp,%rbp), moved on to the next
     * row if it ends mid-row inside the function ({@code handle_step_into_function}).
     */
    private long prologueEnd(long entry) {
        return Locations.prologueEnd(entry, symbols, lines,
                (a, buf, off, len) -> browser.image().read(buf, len, a, Asid.ANY));
    }

    // ---------------------------------------------------------------- finish, continue

    /** {@code finish}/{@code reverse-finish}. */
    void finish(boolean reverse, HistoryOutput out) {
        if (history.isEmpty()) {
            throw new HistoryError(Messages.NO_TRACE);
        }
        long pos = browser.position();
        if (pc(pos) == -1) {
            throw new HistoryError(Messages.NO_STACK);
        }
        requireMovable(reverse);
        int frame = frameOf(pos);
        int caller = callerOf(pos);
        if (caller == 0) {
            throw new HistoryError(Messages.FINISH_OUTERMOST);
        }
        browser.takeInterrupt();
        printFrame(out, reverse ? "Run back to call of " : "Run till exit from ", 0, pos, false, false);
        if (!reverse) {
            boolean first = true;
            for (;;) {
                int status = stepForward(first);
                first = false;
                if (status != STEPPED) {
                    report(status, out);
                    return;
                }
                if (frameOf(browser.position()) == caller) {
                    printStop(out, false);
                    return;
                }
            }
        }
        long entry = calls.firstInstruction(frame);
        for (;;) {
            if (browser.position() == entry) {
                int status = stepBackward();
                if (status != STEPPED) {
                    report(status, out);
                } else {
                    printStop(out, false);
                }
                return;
            }
            int status = stepBackward();
            if (status != STEPPED) {
                report(status, out);
                return;
            }
        }
    }

    /** {@code continue}/{@code reverse-continue}. */
    void continueExecution(boolean reverse, HistoryOutput out) {
        requireMovable(reverse);
        browser.takeInterrupt();
        out.text("Continuing.");
        if (breakpoints.isEmpty()) {
            // Nothing can stop it before an end: go there directly.
            if (reverse) {
                long n = 1;
                while (n <= calls.instructionCount() && !isInstruction(n)) {
                    n++;
                }
                browser.moveTo(n);
            } else {
                browser.moveTo(0);
            }
            printNoHistory(out);
            return;
        }
        boolean first = true;
        for (;;) {
            int status = reverse ? stepBackward() : stepForward(first);
            first = false;
            if (status != STEPPED) {
                report(status, out);
                return;
            }
        }
    }

    private void report(int status, HistoryOutput out) {
        if (status == NO_HISTORY) {
            printNoHistory(out);
        } else {
            printBreakpoint(out);
        }
    }

    // ---------------------------------------------------------------- frames

    /** Prints the stop location: SRC_LINE if the step stayed in its frame, else SRC_AND_LOC. */
    private void printStop(HistoryOutput out, boolean sourceLineOnly) {
        long n = browser.position();
        if (pc(n) == -1) {
            return;
        }
        printFrame(out, "", -1, n, !sourceLineOnly, sourceLineOnly);
    }

    private void printNoHistory(HistoryOutput out) {
        out.text("");
        out.text(Messages.NO_HISTORY);
        printStop(out, false);
    }

    private void printBreakpoint(HistoryOutput out) {
        Breakpoints.Breakpoint b = hitBreakpoint;
        breakpoints.hit(b);
        out.text("");
        long n = browser.position();
        printFrame(out, "Breakpoint " + b.number() + ", ", -1, n, true, false);
    }

    /**
     * gdb's {@code print_frame_info} for the innermost frame at position {@code n}.
     *
     * @param withSource print the source line after the frame (SRC_AND_LOC)
     * @param sourceOnly print only the source line, with the pc before it if mid-line (SRC_LINE)
     */
    private void printFrame(HistoryOutput out, String prefix, int level, long n, boolean withSource,
            boolean sourceOnly) {
        long pc = pc(n);
        String name = frameName(pc, pc);
        DwarfLines.Line l = lines.at(pc);
        if (l != null && l.line() == 0) {
            l = null;
        }
        boolean mid = l != null && lines.linesStartingAt(pc) == null;
        if (sourceOnly && l != null) {
            browser.printSource(out, l.file(), l.path(), l.line(), false, mid ? pc : -1);
            return;
        }
        out.stackFrame(prefix, level, pc, name, arguments(pc, n), l == null ? null : l.file(),
                l == null ? 0 : l.line(), mid);
        if ((withSource || sourceOnly) && l != null) {
            browser.printSource(out, l.file(), l.path(), l.line(), false, -1);
        }
    }

    /** A live stop at the position: {@code prefix} (e.g. {@code Program received ...}), the frame and its source line. */
    void printStopFrame(String prefix, HistoryOutput out) {
        long n = browser.position();
        if (pc(n) != -1) {
            printFrame(out, prefix, -1, n, true, false);
        }
    }

    /** A live stop at a breakpoint, if one is at the position: counts the hit and prints it as a replayed hit. */
    boolean printLiveBreakpoint(HistoryOutput out) {
        Breakpoints.Breakpoint b = breakpoints.at(pc(browser.position()));
        if (b == null) {
            return false;
        }
        hitBreakpoint = b;
        printBreakpoint(out);
        return true;
    }

    /** The caller's resume address for the frame at the position (what finish runs to), or -1 if unknown. */
    long callerResumePc() {
        long n = browser.position();
        if (pc(n) == -1) {
            return -1;
        }
        int seg = calls.segmentOf(n);
        int up = calls.up(seg);
        if (up == 0) {
            return -1;
        }
        if (calls.upIsReturn(seg)) {
            return pc(calls.firstInstruction(up));
        }
        long last = calls.lastInstruction(up);
        return pc(last) + size(last);
    }

    /** The frame line of the position as {@code finish} announces it ({@code Run till exit from #0  ...}). */
    void printFrameLine(String prefix, HistoryOutput out) {
        printFrame(out, prefix, 0, browser.position(), false, false);
    }

    /** A live step's stop: the source line only when it stayed in its function, else the frame. */
    void printLiveStep(boolean sameFrame, HistoryOutput out) {
        printStop(out, sameFrame);
    }

    /** {@code frame}. */
    void frame(HistoryOutput out) {
        if (history.isEmpty() || pc(browser.position()) == -1) {
            throw new HistoryError(Messages.NO_STACK);
        }
        printFrame(out, "", 0, browser.position(), true, false);
    }

    /** {@code backtrace [N]}: frames from the segments' up links (record_btrace_frame_prev_register). */
    void backtrace(String args, HistoryOutput out) {
        long limit = Long.MAX_VALUE;
        String a = args == null ? "" : args.strip();
        if (!a.isEmpty()) {
            try {
                limit = Long.parseLong(a);
            } catch (NumberFormatException e) {
                throw new HistoryError("No symbol \"" + a.split("\\s", 2)[0] + "\" in current context.");
            }
        }
        if (history.isEmpty() || pc(browser.position()) == -1) {
            throw new HistoryError(Messages.NO_STACK);
        }
        long n = browser.position();
        printFrame(out, "", 0, n, false, false);
        // The frames' pcs, and beyond the last one printed the callers its entry values need.
        long[] callers = callerPcs(n, limit >= Integer.MAX_VALUE - ENTRY_DEPTH ? Integer.MAX_VALUE
                : (int) Math.max(0, limit) + ENTRY_DEPTH);
        int seg = calls.segmentOf(n);
        int level = 0;
        boolean main = isMain(pc(n));
        for (;;) {
            int up = calls.up(seg);
            if (up == 0) {
                out.text(Messages.BACKTRACE_STOPPED);
                return;
            }
            if (main) {
                return;
            }
            if (level + 1 >= limit) {
                out.text("(More stack frames follow...)");
                return;
            }
            long pc = callers[level];
            level++;
            DwarfLines.Line l = lines.at(pc - 1);
            if (l != null && l.line() == 0) {
                l = null;
            }
            // A caller's arguments are read at its address in block, the pc before the return address.
            String frameArgs = functions.isEmpty() ? "" : functions.replayArguments(pc - 1,
                    java.util.Arrays.copyOfRange(callers, level, callers.length));
            out.stackFrame("", level, pc, frameName(pc, pc - 1), frameArgs,
                    l == null ? null : l.file(), l == null ? 0 : l.line(), true);
            main = isMain(pc - 1);
            seg = up;
        }
    }

    /**
     * Whether {@code address} lies in {@code main}: gdb's default {@code backtrace past-main off}
     * ends the backtrace at main's frame ({@code inside_main_func}). The "stopped" message still
     * follows when main's caller cannot be unwound (gdb asks main's frame for its stop reason),
     * as at the top of a btrace history that began inside main.
     */
    private boolean isMain(long address) {
        FunctionSymbol f = symbols.find(address);
        return f != null && "main".equals(f.minimalName() != null ? f.minimalName() : f.fullName());
    }

    // ---------------------------------------------------------------- breakpoints

    /** {@code break [*ADDRESS|FUNCTION|FILE:LINE|LINE]}; no argument: at the selected pc. */
    void setBreakpoint(String args, HistoryOutput out) {
        String a = args == null ? "" : args.strip();
        long address;
        if (a.isEmpty()) {
            address = pc(browser.position());
            if (address == -1) {
                throw new HistoryError("No default breakpoint address now.");
            }
        } else {
            DwarfLines.Line here = lines.at(pc(browser.position()));
            address = Locations.resolve(a, here == null ? null : here.file(), symbols, lines, this::findFunction,
                    (at, buf, off, len) -> browser.image().read(buf, len, at, Asid.ANY));
        }
        FunctionSymbol f = symbols.find(address);
        DwarfLines.Line l = lines.at(address);
        if (l != null && l.line() == 0) {
            l = null;
        }
        String where = (f == null ? "" : "in " + f.printName()) + (l == null ? "" : " at " + l.file() + ":" + l.line());
        Breakpoints.Breakpoint b = breakpoints.add(address, where.strip());
        out.text(String.format(Locale.ROOT, "Breakpoint %d at 0x%x", b.number(), address)
                + (l == null ? "" : ": file " + l.file() + ", line " + l.line() + "."));
    }

    /** A function's start by name, from the symbols of the recorded instructions. */
    private long findFunction(String name) {
        long known = browser.objectFiles().address(name);
        if (known != -1 && symbols.find(known) != null && symbols.find(known).start() == known) {
            return known;
        }
        for (int s = 1; s <= calls.segmentCount(); s++) {
            FunctionSymbol f = calls.symbol(s);
            if (f != null && (name.equals(f.printName()) || name.equals(f.minimalName()))) {
                return f.start();
            }
        }
        return -1;
    }
}
