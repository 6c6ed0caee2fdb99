package dev.hindsight.history;

import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnDecoder;

/**
 * gdb's stepping decisions for a live process, made after each instruction it executes (infrun's
 * {@code process_event_stop_test}, the way {@link Stepper} makes them over a history): {@code step}
 * and {@code next} keep going while the pc stays in the line-table row they started in, step over
 * calls ({@code next}: to the return address, with the stack back above the call; {@code step}:
 * into functions with line information, to the end of their prologue) and stop at the start of a
 * new statement line; {@code nexti} stops after one instruction, a call's whole callee included;
 * {@code finish} stops at the caller's resume address once the frame has returned. Frames are
 * told apart by the stack pointer: a {@code ret} that leaves it above the frame's start went back
 * to the caller.
 */
public final class LiveStep {
    /** The stepping commands. */
    public enum Kind { STEP, NEXT, NEXTI, FINISH }

    private final Kind kind;
    private final DwarfLines lines;
    private final SymbolLookup symbols;
    private final TargetMemory code;
    private final DecodedInsn insn = new DecodedInsn();
    private final byte[] buf = new byte[InsnDecoder.MAX_INSN_SIZE];

    private long frameSp;
    private long[] range;
    private DwarfLines.Line line;
    private long functionStart = -1;
    private boolean functionRange;
    private long returnTo = -1;
    private long returnSp;
    private long stopAt = -1;
    private boolean leftFrame;
    private String notice;

    private LiveStep(Kind kind, DwarfLines lines, SymbolLookup symbols, TargetMemory code) {
        this.kind = kind;
        this.lines = lines;
        this.symbols = symbols;
        this.code = code;
    }

    /**
     * A step of {@code kind} from {@code pc} with stack pointer {@code sp}.
     *
     * @param resumePc for FINISH: the caller's resume address (-1: unknown, which fails)
     * @throws HistoryError gdb's message when the step cannot start
     */
    public static LiveStep start(Kind kind, long pc, long sp, long resumePc, DwarfLines lines,
            SymbolLookup symbols, TargetMemory code) {
        LiveStep s = new LiveStep(kind, lines, symbols, code);
        s.frameSp = sp;
        if (kind == Kind.FINISH) {
            if (resumePc == -1) {
                throw new HistoryError(Messages.FINISH_OUTERMOST);
            }
            s.returnTo = resumePc;
            s.returnSp = sp;
            s.leftFrame = true;
            return s;
        }
        if (kind == Kind.NEXTI) {
            return s;
        }
        DwarfLines.Line l = lines.at(pc);
        s.range = l == null || l.line() == 0 ? null : lines.rowRange(pc);
        if (s.range == null) {
            FunctionSymbol f = symbols.find(pc);
            if (f == null) {
                throw new HistoryError("Cannot find bounds of current function");
            }
            s.notice = "Single stepping until exit from function " + f.printName()
                    + ",\nwhich has no line number information.";
            s.functionRange = true;
            s.functionStart = f.start();
        } else {
            s.line = l;
        }
        return s;
    }

    /** What gdb says before a step through a function without line information, or {@code null}. */
    public String notice() {
        return notice;
    }

    /** Whether the stop is in another frame than the step started in (gdb then prints the frame, not just the line). */
    public boolean leftFrame() {
        return leftFrame;
    }

    /** Whether to stop after the instruction at {@code from}, now at {@code pc} with stack pointer {@code sp}. */
    public boolean stop(long from, long pc, long sp) {
        if (stopAt != -1) {
            return pc == stopAt;
        }
        if (returnTo != -1) {
            if (pc != returnTo || Long.compareUnsigned(sp, returnSp) <= 0) {
                return false;
            }
            returnTo = -1;
            if (kind == Kind.FINISH || kind == Kind.NEXTI) {
                return true;
            }
            return afterMove(pc, false);
        }
        InsnClass c = classify(from);
        int len = insn.size();
        if (c == InsnClass.CALL && pc != from + len) {
            if (kind == Kind.STEP) {
                DwarfLines.Line entry = lines.at(pc);
                if (entry != null && entry.line() != 0) {
                    leftFrame = true;
                    stopAt = Locations.prologueEnd(pc, symbols, lines, code);
                    return pc == stopAt;
                }
            }
            returnTo = from + len;
            returnSp = sp;
            return false;
        }
        if (kind == Kind.NEXTI) {
            return true;
        }
        boolean returned = c == InsnClass.RETURN && Long.compareUnsigned(sp, frameSp) > 0;
        if (returned) {
            leftFrame = true;
            frameSp = sp;
        }
        return afterMove(pc, returned);
    }

    /** infrun's line checks once the pc moved within the stepping frame (or back out to its caller). */
    private boolean afterMove(long pc, boolean returned) {
        if (functionRange) {
            FunctionSymbol f = symbols.find(pc);
            if (!returned && f != null && f.start() == functionStart) {
                return false;
            }
            functionRange = false;
        } else if (!returned && inRange(pc)) {
            return false;
        }
        DwarfLines.Line l = lines.at(pc);
        long[] row = l == null || l.line() == 0 ? null : lines.rowRange(pc);
        if (row == null) {
            return true;
        }
        boolean atStart = row[0] == pc;
        boolean stmt = lines.linesStartingAt(pc) != null;
        boolean newLine = line == null || line.line() != l.line() || !line.file().equals(l.file());
        // Back out in the caller (observed with gdb 13): its line at the return address is
        // finished first, even where a line-table row starts there.
        if (!returned && atStart && newLine && stmt) {
            return true;
        }
        range = row;
        line = l;
        return false;
    }

    private boolean inRange(long pc) {
        return range != null && Long.compareUnsigned(pc, range[0]) >= 0
                && (range[1] == -1 || Long.compareUnsigned(pc, range[1]) < 0);
    }

    private InsnClass classify(long from) {
        int n = code.read(from, buf, 0, buf.length);
        if (n <= 0 || InsnDecoder.decode(buf, n, from, ExecMode.BITS_64, insn) <= 0) {
            return InsnClass.UNKNOWN;
        }
        return insn.iclass();
    }
}
