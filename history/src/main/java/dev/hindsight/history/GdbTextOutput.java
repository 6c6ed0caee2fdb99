package dev.hindsight.history;

import java.io.PrintWriter;
import java.util.Locale;

/** {@link HistoryOutput} as gdb prints it on a terminal. */
public final class GdbTextOutput implements HistoryOutput {
    private final PrintWriter out;
    private final PrintWriter err;

    /** Text to {@code out}, warnings to {@code err}. */
    public GdbTextOutput(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void text(String line) {
        out.print(line);
        out.print('\n');
    }

    @Override
    public void partial(String text) {
        out.print(text);
    }

    @Override
    public void warning(String message) {
        out.flush();
        err.print("warning: " + message + "\n");
        err.flush();
    }

    @Override
    public void infoRecord(InfoRecord i) {
        text(Messages.ACTIVE_TARGET);
        if (i.format() != null) {
            text(String.format(Locale.ROOT, Messages.RECORDING_FORMAT, i.format()));
            if (i.bufferSize() > 0) {
                text(Messages.bufferSize(i.bufferSize()));
            }
        }
        text(String.format(Locale.ROOT, Messages.RECORDED, i.instructions(), i.functions(), i.gaps(),
                i.threadId(), i.targetId()));
        if (i.replayInstruction() > 0) {
            text(String.format(Locale.ROOT, Messages.REPLAY_IN_PROGRESS, i.replayInstruction()));
        }
    }

    @Override
    public void instruction(InsnLine l) {
        StringBuilder s = new StringBuilder(96);
        s.append(l.number()).append('\t');
        if (l.speculative()) {
            s.append('?').append(l.omitPc() ? "  " : l.atPc() ? "> " : "  ");
        } else {
            s.append(l.omitPc() ? "   " : l.atPc() ? "=> " : "   ");
        }
        s.append(String.format(Locale.ROOT, "0x%016x", l.address()));
        if (l.function() != null) {
            s.append(" <");
            if (!l.omitFunction()) {
                s.append(l.function());
            }
            if (l.offset() >= 0) {
                s.append('+');
            }
            s.append(l.offset()).append(">:\t");
        } else {
            s.append(":\t");
        }
        if (l.bytes() != null) {
            byte[] b = l.bytes();
            for (int i = 0; i < b.length; i++) {
                if (i > 0) {
                    s.append(' ');
                }
                s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
            }
            if (b.length < 7) {
                s.append(" ".repeat(3 * (7 - b.length) - 1));
            }
            s.append('\t');
        }
        s.append(l.disassembly());
        text(s.toString());
    }

    @Override
    public void gap(long number, boolean pt, int code) {
        text(number + "\t" + Messages.gapText(pt, code));
    }

    @Override
    public void call(CallLine c) {
        StringBuilder s = new StringBuilder(64);
        s.append(c.number()).append('\t');
        if (c.indent() > 0) {
            s.append("  ".repeat(c.indent()));
        }
        s.append(c.name());
        if (c.firstInsn() >= 0) {
            s.append("\tinst ").append(c.firstInsn()).append(',').append(c.lastInsn());
        }
        if (c.source() != null) {
            s.append("\tat ").append(c.source());
        }
        text(s.toString());
    }

    @Override
    public void frame(long pc, String function, String file, int line, boolean midLine) {
        frame(pc, function, "", file, line, midLine);
    }

    @Override
    public void frame(long pc, String function, String arguments, String file, int line, boolean midLine) {
        String name = function == null ? "??" : function;
        String at = file == null ? "" : " at " + file + ":" + line;
        if (file != null && !midLine) {
            text("#0  " + name + " (" + arguments + ")" + at);
        } else {
            text(String.format(Locale.ROOT, "#0  0x%016x in %s (%s)%s", pc, name, arguments, at));
        }
    }

    @Override
    public void source(String file, int line, String text) {
        text((file == null ? "" : file + ":") + line + "\t" + text);
    }

    @Override
    public void sourceError(String message) {
        out.flush();
        err.print(message + "\n");
        err.flush();
    }

    @Override
    public void finish() {
        out.flush();
    }
}
