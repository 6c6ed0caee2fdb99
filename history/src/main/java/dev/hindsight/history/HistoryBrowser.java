package dev.hindsight.history;

import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import java.util.Arrays;
import java.util.Locale;

/**
 * gdb's history-browsing state for one thread over a {@link ThreadHistory}: the replay position,
 * the last instruction and function-call windows ({@code btinfo->insn_history} /
 * {@code call_history}), and the history-size settings. Each method is one gdb command
 * ({@code info record}, {@code record instruction-history}, {@code record function-call-history},
 * {@code record goto}); errors are {@link HistoryError}s with gdb's message. A shell keeps one
 * browser across commands; a one-shot CLI makes a fresh one per command.
 */
public final class HistoryBrowser {
    /** gdb's "unlimited" history size. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    private static final long UINT_MAX = 0xffffffffL;

    private static final int M_SOURCE = 1;
    private static final int M_RAW = 2;
    private static final int M_OMIT_FNAME = 4;
    private static final int M_OMIT_PC = 8;
    private static final int C_SRC_LINE = 1;
    private static final int C_INSN_RANGE = 2;
    private static final int C_INDENT = 4;

    private ThreadHistory history;
    private final Image image;
    private final SymbolLookup symbols;
    private final InsnTextFormatter formatter;
    private int insnSize = 10;
    private int callSize = 10;
    private long bufferSize;
    private String threadId = "1";
    private String targetId = "process 1";

    /** The last instruction window [begin, end), or begin = -1 if none. */
    private long insnBegin = -1;
    private long insnEnd;
    private long callBegin = -1;
    private long callEnd;
    /** The replay position (an instruction number), or 0 when not replaying. */
    private long replay;

    /**
     * A browser at the end of the history (not replaying).
     *
     * @param history the decoded history
     * @param image the memory for instruction bytes
     * @param symbols the functions
     * @param formatter the disassembler
     */
    public HistoryBrowser(ThreadHistory history, Image image, SymbolLookup symbols, InsnTextFormatter formatter) {
        this(history, image, symbols, formatter, DwarfLines.empty());
    }

    /**
     * A browser with source lines (for {@code /m}, {@code /s}, {@code /l} and frames).
     *
     * @param lines the line tables
     */
    public HistoryBrowser(ThreadHistory history, Image image, SymbolLookup symbols, InsnTextFormatter formatter,
            DwarfLines lines) {
        this.history = history;
        this.image = image;
        this.symbols = symbols;
        this.formatter = formatter;
        this.lines = lines;
        this.displayMemory = new DisplayMemory(image, ObjectFiles.empty(), null);
    }

    /**
     * Takes over the user's state from the browser of an earlier history of the same live session
     * (the program ran on and this browser reads the longer history): breakpoints (with their hit
     * counts and numbering), settings, history sizes and thread names. The position stays the new
     * end (not replaying).
     */
    public void continueFrom(HistoryBrowser previous) {
        this.breakpoints = previous.breakpoints;
        this.stepper = null;
        this.settings.copyFrom(previous.settings);
        this.insnSize = previous.insnSize;
        this.callSize = previous.callSize;
        this.threadId = previous.threadId;
        this.targetId = previous.targetId;
    }

    private DisplayMemory displayMemory;
    private ObjectFiles objectFiles = ObjectFiles.empty();
    private TargetRegisters targetRegisters;

    /**
     * Sets what the session's memory and registers come from: the loaded objects (read-only
     * sections, symbol addresses), and a live process's memory and registers ({@code null}: none,
     * a recorded trace).
     */
    public void setTarget(ObjectFiles objects, TargetMemory live, TargetRegisters registers) {
        this.objectFiles = objects;
        this.displayMemory = new DisplayMemory(image, objects, live);
        this.targetRegisters = registers;
    }

    /** The memory shown, with record-btrace's replay rules. */
    public DisplayMemory displayMemory() {
        return displayMemory;
    }

    /** The loaded objects. */
    public ObjectFiles objectFiles() {
        return objectFiles;
    }

    /** The live thread's registers, or {@code null} without a live process. */
    public TargetRegisters targetRegisters() {
        return targetRegisters;
    }

    InsnTextFormatter formatter() {
        return formatter;
    }

    /** The pc of the selected frame: the replay instruction's, else the current instruction's; -1 if none. */
    public long currentPc() {
        return selectedPc();
    }

    /** Prints the frame of the position as a stop does, after {@code prefix}, with its source line. */
    public void printStop(String prefix, HistoryOutput out) {
        stepper().printStopFrame(prefix, out);
    }

    /** The resume address in the caller of the selected frame (where {@code finish} stops), or -1 if unknown. */
    public long callerResumePc() {
        return stepper().callerResumePc();
    }

    /** Prints {@code prefix} and the selected frame's line without source ({@code Run till exit from #0  foo () at t.c:5}). */
    public void printFrameLine(String prefix, HistoryOutput out) {
        stepper().printFrameLine(prefix, out);
    }

    /**
     * Reports a live stop at the position: a breakpoint hit ({@code Breakpoint 1, foo () at t.c:5}
     * and the line, counting the hit) if one is there, else as a step's stop (the line alone when
     * {@code sameFunction}, else the frame).
     */
    public void reportLiveStop(boolean sameFunction, HistoryOutput out) {
        if (!stepper().printLiveBreakpoint(out)) {
            stepper().printLiveStep(sameFunction, out);
        }
    }

    private final DwarfLines lines;
    private final java.util.Map<java.nio.file.Path, java.util.List<String>> sourceCache = new java.util.HashMap<>();
    private java.nio.file.Path lastSourceVisited;
    private boolean lastSourceError;

    /** The text of a source file's lines, or {@code null} if it cannot be read. */
    private java.util.List<String> sourceText(java.nio.file.Path path) {
        return sourceCache.computeIfAbsent(path, p -> {
            try {
                return java.nio.file.Files.readAllLines(p, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return null;
            }
        });
    }

    /** gdb's {@code print_source_lines} for one line, with its "cannot open" rules. */
    private void printSource(HistoryOutput out, String display, java.nio.file.Path path, int line, boolean withName) {
        printSource(out, display, path, line, withName, -1);
    }

    /** As above; {@code addressPrefix} != -1 prints {@code 0x...\t} before the line (a mid-line stop). */
    void printSource(HistoryOutput out, String display, java.nio.file.Path path, int line, boolean withName,
            long addressPrefix) {
        java.util.List<String> text = sourceText(path);
        if (text == null) {
            if (path.equals(lastSourceVisited) && lastSourceError) {
                out.text(line + "\tin " + display);
            } else {
                lastSourceVisited = path;
                lastSourceError = true;
                out.sourceError(line + "\t" + display + ": No such file or directory.");
            }
            return;
        }
        lastSourceVisited = path;
        lastSourceError = false;
        if (line < 1 || line > text.size()) {
            out.text("Line number " + line + " out of range; \"" + display + "\" has " + text.size() + " lines.");
            return;
        }
        if (addressPrefix != -1) {
            out.text(String.format(Locale.ROOT, "0x%016x\t%d\t%s", addressPrefix, line, text.get(line - 1)));
            return;
        }
        out.source(withName ? display : null, line, text.get(line - 1));
    }

    /** The history browsed. */
    public ThreadHistory history() {
        return history;
    }

    /** Sets the trace buffer's size for {@code info record} (0: not shown). */
    public void setBufferSize(long bytes) {
        this.bufferSize = bytes;
    }

    /** Sets the thread's names for {@code info record}, e.g. {@code 1} and {@code process 4242}. */
    public void setThread(String threadId, String targetId) {
        this.threadId = threadId;
        this.targetId = targetId;
    }

    private DwarfFunctions functions = DwarfFunctions.empty();

    /** Sets the debug-information functions whose arguments frames show ({@code bar (x=<unavailable>)}). */
    public void setFunctions(DwarfFunctions functions) {
        this.functions = functions;
    }

    /** Decodes the trace again for another cpu ({@code set record btrace cpu}). */
    @FunctionalInterface
    public interface Redecoder {
        /**
         * @param cpu the cpu ({@code none}, {@code intel:F/M[/S]}), or {@code null} for the cpu the
         *     trace was recorded on ({@code auto})
         * @return the history decoded for that cpu, or {@code null} if it decodes as the current one
         * @throws HistoryError if the trace cannot be decoded for that cpu
         */
        ThreadHistory redecode(String cpu);
    }

    private Redecoder redecoder;
    /** Whether {@link #history} came from the re-decoder (and is closed when replaced again). */
    private boolean ownsHistory;

    /** Lets {@code set record btrace cpu} decode the trace again (PT; BTS has no errata). */
    public void setRedecoder(Redecoder redecoder) {
        this.redecoder = redecoder;
    }

    /**
     * {@code set record btrace cpu} changed: decode again and start afresh as gdb does after
     * {@code btrace_clear} and a fetch: not replaying, no history windows; breakpoints and settings
     * stay. The new decode's warnings go to {@code out} (if not {@code null}), as gdb's fetch
     * prints them.
     */
    void cpuChanged(HistoryOutput out) {
        ThreadHistory h = redecoder == null ? null : redecoder.redecode(settings.cpuArgument());
        if (h == null) {
            return;
        }
        if (out != null) {
            for (String w : h.warnings()) {
                out.warning(w);
            }
        }
        if (ownsHistory) {
            // A history an earlier re-decode made: nobody else holds it (the opened one is the caller's).
            try {
                history.close();
            } catch (Exception e) {
                // Only the decoder's resources are freed; nothing to report.
            }
        }
        history = h;
        ownsHistory = true;
        stepper = null;
        replay = 0;
        insnBegin = -1;
        callBegin = -1;
        selectedPc = Long.MIN_VALUE;
    }

    /** {@code set record instruction-history-size}: 0 or {@link #UNLIMITED} mean unlimited. */
    public void setInstructionHistorySize(long size) {
        insnSize = checkSize(size);
    }

    /** {@code set record function-call-history-size}: 0 or {@link #UNLIMITED} mean unlimited. */
    public void setFunctionCallHistorySize(long size) {
        callSize = checkSize(size);
    }

    private static int checkSize(long size) {
        if (size < 0 || size > UNLIMITED) {
            throw new HistoryError("integer " + size + " out of range");
        }
        return size == 0 ? UNLIMITED : (int) size;
    }

    /** {@code show record instruction-history-size}. */
    public String showInstructionHistorySize() {
        return String.format(Locale.ROOT, Messages.INSN_SIZE_SHOW, insnSize == UNLIMITED ? "unlimited" : insnSize);
    }

    /** {@code show record function-call-history-size}. */
    public String showFunctionCallHistorySize() {
        return String.format(Locale.ROOT, Messages.CALL_SIZE_SHOW, callSize == UNLIMITED ? "unlimited" : callSize);
    }

    /** The replay position, or 0 when not replaying. */
    public long replayPosition() {
        return replay;
    }

    /** The position as a number: the replay instruction, or the end (current instruction) when live. */
    long position() {
        return replay != 0 ? replay : history.endNumber();
    }

    /** Stops replaying silently, as {@code record stop} does: the position is the live one again. */
    public void stopReplaying() {
        moveTo(0);
    }

    /** Moves the replay position silently (0: stop replaying); windows reset as on any move. */
    void moveTo(long n) {
        if (n == replay) {
            return;
        }
        replay = n;
        insnBegin = -1;
        callBegin = -1;
        selectedPc = Long.MIN_VALUE;
    }

    DwarfLines lines() {
        return lines;
    }

    DwarfFunctions functions() {
        return functions;
    }

    SymbolLookup symbols() {
        return symbols;
    }

    Image image() {
        return image;
    }

    private Breakpoints breakpoints = new Breakpoints();
    private Stepper stepper;
    private final RecordSettings settings = new RecordSettings(this);

    /** The user's breakpoints ({@code break}, {@code delete}, {@code info breakpoints}). */
    public Breakpoints breakpoints() {
        return breakpoints;
    }

    /** The {@code set record}/{@code show record} settings. */
    public RecordSettings settings() {
        return settings;
    }

    private Stepper stepper() {
        if (stepper == null) {
            stepper = new Stepper(this, breakpoints);
        }
        return stepper;
    }

    /** {@code stepi}/{@code reverse-stepi} ({@code over}: {@code nexti}/{@code reverse-nexti}) {@code count} times. */
    public void stepInstruction(boolean reverse, boolean over, long count, HistoryOutput out) {
        stepper().step(reverse, over ? Stepper.Over.ALL : Stepper.Over.NONE, true, count, out);
    }

    /** {@code step}/{@code reverse-step} ({@code over}: {@code next}/{@code reverse-next}) {@code count} times. */
    public void stepLine(boolean reverse, boolean over, long count, HistoryOutput out) {
        stepper().step(reverse, over ? Stepper.Over.ALL : Stepper.Over.UNDEBUGGABLE, false, count, out);
    }

    private volatile boolean interrupt;

    /**
     * Asks a running motion command to stop (Ctrl-C): it stops where it got to and fails with
     * gdb's {@code Quit}. Callable from another thread.
     */
    public void requestInterrupt() {
        interrupt = true;
    }

    /** Whether an interrupt was requested; clears the request. */
    boolean takeInterrupt() {
        if (!interrupt) {
            return false;
        }
        interrupt = false;
        return true;
    }

    /** {@code until} (no argument): {@code next} that does not stop on jumps back in the function (loops). */
    public void until(HistoryOutput out) {
        stepper().step(false, Stepper.Over.ALL, false, true, 1, out);
    }

    /** {@code finish}/{@code reverse-finish}. */
    public void finish(boolean reverse, HistoryOutput out) {
        stepper().finish(reverse, out);
    }

    /** {@code continue}/{@code reverse-continue}: to a breakpoint or the end of the history. */
    public void continueExecution(boolean reverse, HistoryOutput out) {
        stepper().continueExecution(reverse, out);
    }

    /** {@code backtrace [N]} from the function segments. */
    public void backtrace(String args, HistoryOutput out) {
        stepper().backtrace(args, out);
    }

    /** {@code frame}: the selected frame and its source line. */
    public void frame(HistoryOutput out) {
        stepper().frame(out);
    }

    /** {@code break [*ADDRESS|FUNCTION|FILE:LINE|LINE]}. */
    public void setBreakpoint(String args, HistoryOutput out) {
        stepper().setBreakpoint(args, out);
    }

    // ---------------------------------------------------------------- info record

    /** {@code info record}. */
    public void infoRecord(HistoryOutput out) {
        out.infoRecord(new HistoryOutput.InfoRecord(history.formatName(), bufferSize,
                history.recordedInstructions(), history.isEmpty() ? 0 : history.functionCount(),
                history.gapCount(), threadId, targetId, replay));
    }

    // ---------------------------------------------------------------- instruction history

    /** {@code record instruction-history [/mods] [args]}. */
    public void instructionHistory(String args, HistoryOutput out) {
        String[] rest = {args == null ? "" : args};
        int flags = modifiers(rest, "msrbfp");
        String arg = rest[0];
        if (arg.isEmpty() || arg.equals("+")) {
            insnRelative(insnSize, flags, out);
        } else if (arg.equals("-")) {
            insnRelative(-insnSize, flags, out);
        } else {
            long[] range = parseRange(arg, insnSize, Messages.BAD_INSN_SIZE);
            insnRange(range[0], range[1], flags, out);
        }
    }

    private void requireTrace() {
        if (history.isEmpty()) {
            throw new HistoryError(Messages.NO_TRACE);
        }
    }

    private void insnRelative(int size, int flags, HistoryOutput out) {
        requireTrace();
        long end = history.endNumber();
        ListingWindow w = ListingWindow.next(insnBegin, insnEnd, replay != 0 ? replay : end, end, size);
        if (!w.isEmpty()) {
            printInsns(w.begin(), w.stop(), flags, out);
        } else {
            out.text(size < 0 ? Messages.AT_START : Messages.AT_END);
        }
        insnBegin = w.begin();
        insnEnd = w.stop();
    }

    private void insnRange(long low, long high, int flags, HistoryOutput out) {
        if (low > UINT_MAX || high > UINT_MAX || high < low) {
            throw new HistoryError(Messages.BAD_RANGE);
        }
        requireTrace();
        long end = history.endNumber();
        if (low < 1 || low > history.calls().instructionCount()) {
            throw new HistoryError(Messages.RANGE_OUT_OF_BOUNDS);
        }
        long stop = high >= end ? end : high + 1;
        long begin = Math.min(low, end);
        printInsns(begin, stop, flags, out);
        insnBegin = begin;
        insnEnd = stop;
    }

    private long selectedPc = Long.MIN_VALUE;

    /** The pc of the selected frame: the replay instruction's, else the current instruction's. */
    private long selectedPc() {
        if (selectedPc == Long.MIN_VALUE) {
            long n = replay != 0 ? replay : history.hasCurrentInstruction() ? history.endNumber() : 0;
            long[] pc = {-1};
            if (n > 0) {
                history.window(n, n, (num, st) -> {
                    pc[0] = st.gap ? -1 : st.ip;
                    return false;
                });
            }
            selectedPc = pc[0];
        }
        return selectedPc;
    }

    private void printInsns(long begin, long stop, int flags, HistoryOutput out) {
        if (begin >= stop) {
            return;
        }
        long atPc = selectedPc();
        byte[] buf = new byte[16];
        boolean pt = history.isPt();
        int[][] lastLines = {null};
        history.window(begin, stop - 1, (n, st) -> {
            if (st.gap) {
                out.gap(n, pt, st.errcode);
                return true;
            }
            if ((flags & M_SOURCE) != 0) {
                int[] range = lines.linesStartingAt(st.ip);
                int[] last = lastLines[0];
                boolean contained = range != null && last != null && last[2] == range[2] && last[0] <= range[0]
                        && range[1] <= last[1];
                if (range != null && !contained) {
                    for (int l = range[0]; l < range[1]; l++) {
                        printSource(out, lines.fileName(range[2]), lines.filePath(range[2]), l, true);
                    }
                    lastLines[0] = range;
                }
            }
            int len = displayMemory.readCode(st.ip, buf, 15, replay != 0, settings.replayMemoryReadWrite());
            if (len <= 0) {
                throw new HistoryError(String.format(Locale.ROOT, "Cannot access memory at address 0x%x", st.ip));
            }
            FunctionSymbol f = symbols.find(st.ip);
            String text = formatter.format(buf, len, st.ip);
            int size = st.size > 0 ? Math.min(st.size, len) : len;
            byte[] raw = (flags & M_RAW) != 0 ? Arrays.copyOf(buf, size) : null;
            out.instruction(new HistoryOutput.InsnLine(n, st.ip, st.ip == atPc, st.speculative,
                    (flags & M_OMIT_PC) != 0, f == null ? null : f.printName(),
                    f == null ? 0 : st.ip - f.start(), (flags & M_OMIT_FNAME) != 0, raw, text));
            return true;
        });
    }

    // ---------------------------------------------------------------- function-call history

    /** {@code record function-call-history [/mods] [args]}. */
    public void functionCallHistory(String args, HistoryOutput out) {
        String[] rest = {args == null ? "" : args};
        int flags = modifiers(rest, "lic");
        String arg = rest[0];
        if (out instanceof JsonOutput j) {
            j.startCalls();
        }
        if (arg.isEmpty() || arg.equals("+")) {
            callRelative(callSize, flags, out);
        } else if (arg.equals("-")) {
            callRelative(-callSize, flags, out);
        } else {
            long[] range = parseRange(arg, callSize, Messages.BAD_CALL_SIZE);
            callRange(range[0], range[1], flags, out);
        }
    }

    private void callRelative(int size, int flags, HistoryOutput out) {
        requireTrace();
        long end = history.functionCount() + 1L;
        ListingWindow w = ListingWindow.next(callBegin, callEnd, replay != 0 ? history.calls().segmentOf(replay) : end, end, size);
        if (!w.isEmpty()) {
            printCalls(w.begin(), w.stop(), flags, out);
        } else {
            out.text(size < 0 ? Messages.AT_START : Messages.AT_END);
        }
        callBegin = w.begin();
        callEnd = w.stop();
    }

    private void callRange(long low, long high, int flags, HistoryOutput out) {
        if (low > UINT_MAX || high > UINT_MAX || high < low) {
            throw new HistoryError(Messages.BAD_RANGE);
        }
        requireTrace();
        long end = history.functionCount() + 1L;
        if (low < 1 || low > history.calls().segmentCount()) {
            throw new HistoryError(Messages.RANGE_OUT_OF_BOUNDS);
        }
        long stop = high >= end ? end : high + 1;
        long begin = Math.min(low, end);
        printCalls(begin, stop, flags, out);
        callBegin = begin;
        callEnd = stop;
    }

    private void printCalls(long begin, long stop, int flags, HistoryOutput out) {
        FunctionCallHistory calls = history.calls();
        boolean pt = history.isPt();
        for (long s = begin; s < stop; s++) {
            int seg = (int) s;
            int err = calls.errcode(seg);
            if (err != 0) {
                out.gap(s, pt, err);
                continue;
            }
            FunctionSymbol f = calls.symbol(seg);
            out.call(new HistoryOutput.CallLine(s, (flags & C_INDENT) != 0 ? calls.level(seg) : -1,
                    f == null ? "??" : f.printName(),
                    (flags & C_INSN_RANGE) != 0 ? calls.firstInstruction(seg) : -1, calls.lastInstruction(seg),
                    (flags & C_SRC_LINE) != 0 ? sourceRange(seg, f) : null));
        }
    }

    /** {@code /l}'s text: without debug information (full symbols) gdb prints nothing after {@code at }. */
    private String sourceRange(int seg, FunctionSymbol f) {
        if (f == null || f.file() == null) {
            return "";
        }
        FunctionCallHistory calls = history.calls();
        int[] minMax = {Integer.MAX_VALUE, Integer.MIN_VALUE};
        history.window(calls.firstInstruction(seg), calls.lastInstruction(seg), (n, st) -> {
            DwarfLines.Line l = st.gap ? null : lines.at(st.ip);
            if (l != null && l.line() != 0 && l.file().equals(f.file())) {
                minMax[0] = Math.min(minMax[0], l.line());
                minMax[1] = Math.max(minMax[1], l.line());
            }
            return true;
        });
        if (minMax[1] < minMax[0]) {
            return f.file();
        }
        return f.file() + ":" + minMax[0] + (minMax[0] == minMax[1] ? "" : "," + minMax[1]);
    }

    // ---------------------------------------------------------------- goto

    /** {@code record goto begin|start|end|N}. */
    public void gotoRecord(String arg, HistoryOutput out) {
        String a = arg == null ? "" : arg.strip();
        if (a.isEmpty()) {
            throw new HistoryError(Messages.GOTO_NEEDS_ARGUMENT);
        }
        for (String word : new String[] {"begin", "start", "end"}) {
            if (a.equals(word) || a.startsWith(word + " ") || a.startsWith(word + "\t")) {
                String junk = a.substring(word.length()).strip();
                if (!junk.isEmpty()) {
                    throw new HistoryError(String.format(Locale.ROOT, Messages.JUNK, junk));
                }
                if (word.equals("end")) {
                    setReplay(0, out);
                } else {
                    requireTrace();
                    long n = 1;
                    long last = history.calls().instructionCount();
                    while (n <= last && history.isGap(n)) {
                        n++;
                    }
                    if (n > last) {
                        throw new HistoryError(Messages.NO_TRACE);
                    }
                    setReplay(n, out);
                }
                return;
            }
        }
        long n = parseExpression(a);
        if (n < 0 || n > UINT_MAX) {
            throw new HistoryError(Messages.INSN_OUT_OF_RANGE);
        }
        requireTrace();
        if (n < 1 || n > history.calls().instructionCount() || history.isGap(n)) {
            throw new HistoryError(Messages.NO_SUCH_INSN);
        }
        setReplay(n == history.endNumber() && history.hasCurrentInstruction() ? 0 : n, out);
    }

    private static long parseExpression(String a) {
        try {
            if (a.startsWith("0x") || a.startsWith("0X")) {
                return Long.parseUnsignedLong(a.substring(2), 16);
            }
            if (a.startsWith("-")) {
                return -1;
            }
            return Long.parseUnsignedLong(a);
        } catch (NumberFormatException e) {
            if (!a.isEmpty() && (Character.isLetter(a.charAt(0)) || a.charAt(0) == '_')) {
                throw new HistoryError("No symbol \"" + a.split("[^A-Za-z0-9_]", 2)[0] + "\" in current context.");
            }
            throw new HistoryError("Invalid number \"" + a + "\".");
        }
    }

    /** {@code record_btrace_set_replay}: 0 stops replaying. */
    private void setReplay(long n, HistoryOutput out) {
        if (n != 0 && n == replay) {
            return;
        }
        replay = n;
        insnBegin = -1;
        callBegin = -1;
        selectedPc = Long.MIN_VALUE;
        long pc = selectedPc();
        if (pc != -1) {
            DwarfLines.Line l = lines.at(pc);
            String args = stepper().arguments(pc, position());
            String name = stepper().frameName(pc, pc);
            if (l == null || l.line() == 0) {
                out.frame(pc, name, args, null, 0, true);
            } else {
                int[] starts = lines.linesStartingAt(pc);
                out.frame(pc, name, args, l.file(), l.line(), starts == null);
                printSource(out, l.file(), l.path(), l.line(), false);
            }
        }
    }

    // ---------------------------------------------------------------- argument parsing

    /** gdb's {@code get_insn_history_modifiers}/{@code get_call_history_modifiers}. */
    private static int modifiers(String[] arg, String letters) {
        String a = arg[0];
        int i = 0;
        int flags = 0;
        while (i < a.length() && a.charAt(i) == '/') {
            i++;
            if (i >= a.length()) {
                throw new HistoryError(Messages.MISSING_MODIFIER);
            }
            for (; i < a.length(); i++) {
                char c = a.charAt(i);
                if (Character.isWhitespace(c)) {
                    break;
                }
                if (c == '/') {
                    continue;
                }
                if (letters.indexOf(c) < 0) {
                    throw new HistoryError(String.format(Locale.ROOT, Messages.INVALID_MODIFIER, c));
                }
                flags |= flag(letters, c);
            }
            while (i < a.length() && Character.isWhitespace(a.charAt(i))) {
                i++;
            }
        }
        arg[0] = a.substring(i);
        return flags;
    }

    private static int flag(String letters, char c) {
        if (letters.equals("lic")) {
            return c == 'l' ? C_SRC_LINE : c == 'i' ? C_INSN_RANGE : C_INDENT;
        }
        return switch (c) {
            case 'm', 's' -> M_SOURCE;
            case 'r', 'b' -> M_RAW;
            case 'f' -> M_OMIT_FNAME;
            default -> M_OMIT_PC;
        };
    }

    /** Parses {@code N | N,+M | N,-M | B,E} into an inclusive [low, high] (gdb's semantics). */
    private static long[] parseRange(String arg, int size, String badSize) {
        int[] pos = {0};
        long begin = number(arg, pos);
        if (pos[0] < arg.length() && arg.charAt(pos[0]) == ',') {
            pos[0]++;
            skipSpaces(arg, pos);
            if (pos[0] < arg.length() && (arg.charAt(pos[0]) == '+' || arg.charAt(pos[0]) == '-')) {
                boolean back = arg.charAt(pos[0]) == '-';
                pos[0]++;
                long m = number(arg, pos);
                noJunk(arg, pos[0]);
                return from(begin, back ? -m : m, badSize);
            }
            long end = number(arg, pos);
            noJunk(arg, pos[0]);
            return new long[] {begin, end};
        }
        noJunk(arg, pos[0]);
        return from(begin, size, badSize);
    }

    /** {@code insn_history_from}/{@code call_history_from}. */
    private static long[] from(long from, long size, String badSize) {
        long context = Math.abs(size);
        if (context == 0) {
            throw new HistoryError(badSize);
        }
        if (size < 0) {
            return new long[] {from < context ? 0 : from - context + 1, from};
        }
        long end = from + context - 1;
        if (end < from) {
            end = Long.MAX_VALUE;
        }
        return new long[] {from, end};
    }

    private static void skipSpaces(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static long number(String s, int[] pos) {
        skipSpaces(s, pos);
        int start = pos[0];
        if (start >= s.length() || !Character.isDigit(s.charAt(start))) {
            throw new HistoryError(String.format(Locale.ROOT, Messages.EXPECTED_NUMBER, s.substring(start)));
        }
        int i = start;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        pos[0] = i;
        try {
            return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void noJunk(String s, int pos) {
        if (pos < s.length()) {
            throw new HistoryError(String.format(Locale.ROOT, Messages.JUNK, s.substring(pos)));
        }
    }
}
