package dev.hindsight.history;

/**
 * Where history commands write (gdb's {@code ui_out}): gdb text or JSON. Calls arrive in
 * output order; {@link #finish()} ends a command.
 */
public interface HistoryOutput {
    /** A line of plain text ({@code printf_unfiltered}), without its newline. */
    void text(String line);

    /**
     * Text without a line end, as gdb leaves a line it was printing when an error cut it short
     * ({@code x/4xw 0} prints {@code 0x0:<TAB>}, then the error).
     */
    default void partial(String text) {
        text(text);
    }

    /** A warning, printed as {@code warning: <message>}. */
    void warning(String message);

    /** {@code info record}. */
    void infoRecord(InfoRecord info);

    /** One instruction of {@code record instruction-history}. */
    void instruction(InsnLine line);

    /** A gap in {@code record instruction-history} or {@code record function-call-history}. */
    void gap(long number, boolean pt, int code);

    /** One function segment of {@code record function-call-history}. */
    void call(CallLine line);

    /**
     * The frame line {@code record goto} prints: {@code #0  fun () at f.c:4} at the start of a
     * line, else {@code #0  0x... in fun () at f.c:4}, or without line {@code #0  0x... in fun ()}.
     *
     * @param file the source file, or {@code null} if no line is known
     * @param midLine whether {@code pc} is not at the start of its line
     */
    void frame(long pc, String function, String file, int line, boolean midLine);

    /**
     * As {@link #frame(long, String, String, int, boolean)}, with the frame's arguments (an output
     * that does not show arguments need not override it).
     *
     * @param arguments the text between the parentheses ({@code x=<unavailable>}), or empty
     */
    default void frame(long pc, String function, String arguments, String file, int line, boolean midLine) {
        frame(pc, function, file, line, midLine);
    }

    /**
     * A source line ({@code /m}, {@code /s}, after a frame).
     *
     * @param file the file name to print before the line number, or {@code null} for none
     */
    void source(String file, int line, String text);

    /** gdb's message for a source file it cannot open (printed on the error stream). */
    void sourceError(String message);

    /**
     * A stack frame as gdb's {@code print_frame} prints it:
     * {@code [prefix][#L  ][0x... in ]fun () [at file:line]}.
     *
     * @param prefix text before the frame ({@code Run till exit from }, {@code Breakpoint 1, }), or empty
     * @param level the frame level, or -1 to print none (stop locations)
     * @param file the source file, or {@code null} if no line is known
     * @param showAddress whether to print the pc ({@code frame_show_address})
     */
    default void stackFrame(String prefix, int level, long pc, String function, String file, int line,
            boolean showAddress) {
        stackFrame(prefix, level, pc, function, "", file, line, showAddress);
    }

    /**
     * As {@link #stackFrame(String, int, long, String, String, int, boolean)}, with the frame's
     * arguments as gdb's {@code print_frame_args} prints them.
     *
     * @param arguments the text between the parentheses ({@code x=<unavailable>}), or empty
     */
    default void stackFrame(String prefix, int level, long pc, String function, String arguments, String file,
            int line, boolean showAddress) {
        text(prefix + formatFrame(level, pc, function, arguments, file, line, showAddress));
    }

    /** The text of {@link #stackFrame} without prefix or arguments. */
    static String formatFrame(int level, long pc, String function, String file, int line, boolean showAddress) {
        return formatFrame(level, pc, function, "", file, line, showAddress);
    }

    /** The text of {@link #stackFrame} without prefix. */
    static String formatFrame(int level, long pc, String function, String arguments, String file, int line,
            boolean showAddress) {
        StringBuilder s = new StringBuilder(64);
        if (level >= 0) {
            s.append('#').append(String.format(java.util.Locale.ROOT, "%-2d", level)).append(' ');
        }
        if (showAddress || file == null) {
            s.append(String.format(java.util.Locale.ROOT, "0x%016x in ", pc));
        }
        s.append(function == null ? "??" : function).append(" (").append(arguments).append(')');
        if (file != null) {
            s.append(" at ").append(file).append(':').append(line);
        }
        return s.toString();
    }

    /** Ends the command's output. */
    default void finish() {
    }

    /** What {@code info record} reports. */
    record InfoRecord(String format, long bufferSize, long instructions, int functions, int gaps,
            String threadId, String targetId, long replayInstruction) {
    }

    /**
     * One instruction line.
     *
     * @param number the instruction number
     * @param address its address
     * @param atPc whether it is at the selected frame's pc ({@code => })
     * @param speculative whether it executed speculatively
     * @param omitPc {@code /p}
     * @param function the containing function's name, or {@code null} if none
     * @param offset the offset from the function's start
     * @param omitFunction {@code /f}
     * @param bytes the raw bytes if {@code /r} or {@code /b}, else {@code null}
     * @param disassembly the disassembly text
     */
    record InsnLine(long number, long address, boolean atPc, boolean speculative, boolean omitPc,
            String function, long offset, boolean omitFunction, byte[] bytes, String disassembly) {
    }

    /**
     * One function-segment line.
     *
     * @param number the segment number
     * @param indent the indentation level if {@code /c}, else -1
     * @param name the function name ({@code ??} if unknown)
     * @param firstInsn the first instruction number if {@code /i}, else -1
     * @param lastInsn the last instruction number
     * @param source {@code /l}: the source location text (empty if none), else {@code null}
     */
    record CallLine(long number, int indent, String name, long firstInsn, long lastInsn, String source) {
    }
}
