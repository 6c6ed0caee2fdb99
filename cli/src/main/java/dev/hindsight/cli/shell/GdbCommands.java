package dev.hindsight.cli.shell;

import dev.hindsight.history.CommandWords;
import dev.hindsight.history.DataCommands;
import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryError;
import dev.hindsight.history.HistoryOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * gdb's command interpreter over one history browser: looks a line's command words up as gdb
 * does (exact names, aliases such as {@code si} or {@code rn}, unique prefixes), runs it, prints
 * errors as gdb's one-line messages, and remembers which command an empty line repeats.
 */
public final class GdbCommands {
    /** The result of one line. */
    public enum Result { OK, ERROR, QUIT }

    /** Top-level command names (completion and prefix lookup). */
    public static final List<String> COMMANDS = List.of("backtrace", "break", "continue", "delete", "finish",
            "frame", "help", "info", "next", "nexti", "print", "quit", "record", "reverse-continue", "reverse-finish",
            "reverse-next", "reverse-nexti", "reverse-step", "reverse-stepi", "set", "show", "step", "stepi",
            "until", "where", "x");

    /** {@code record} subcommands. */
    public static final List<String> RECORD = List.of("btrace", "bts", "delete", "full", "function-call-history",
            "goto", "instruction-history", "pt", "save", "stop");

    /** {@code info} subcommands. */
    public static final List<String> INFO = List.of("breakpoints", "record", "registers");

    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("bt", "backtrace"),
            Map.entry("where", "backtrace"), Map.entry("b", "break"), Map.entry("br", "break"),
            Map.entry("c", "continue"), Map.entry("cont", "continue"), Map.entry("d", "delete"),
            Map.entry("fin", "finish"), Map.entry("f", "frame"), Map.entry("h", "help"), Map.entry("i", "info"),
            Map.entry("n", "next"), Map.entry("ni", "nexti"), Map.entry("p", "print"),
            Map.entry("inspect", "print"), Map.entry("q", "quit"), Map.entry("rec", "record"),
            Map.entry("rc", "reverse-continue"), Map.entry("rn", "reverse-next"), Map.entry("rni", "reverse-nexti"),
            Map.entry("rs", "reverse-step"), Map.entry("rsi", "reverse-stepi"), Map.entry("s", "step"),
            Map.entry("si", "stepi"), Map.entry("u", "until"));

    private static final Map<String, String> RECORD_ALIASES = Map.of("b", "btrace", "s", "stop", "d", "delete",
            "del", "delete");

    private HistoryBrowser browser;
    private final DataCommands data = new DataCommands();
    private LiveControl live;
    private final HistoryOutput out;
    private final PrintWriter err;
    private boolean recording = true;
    private String repeat;

    /**
     * @param browser the session's browser
     * @param out where command output goes
     * @param err where error messages go
     */
    public GdbCommands(HistoryBrowser browser, HistoryOutput out, PrintWriter err) {
        this.browser = browser;
        this.out = out;
        this.err = err;
    }

    /** Attaches a live process: forward execution at the live position runs it. */
    public void setLive(LiveControl live) {
        this.live = live;
    }

    /** The browser the commands work on. */
    public HistoryBrowser browser() {
        return browser;
    }

    /**
     * Replaces the browser (a live session's history grew); the browser should carry the old
     * one's breakpoints and settings over.
     */
    public void setBrowser(HistoryBrowser browser) {
        this.browser = browser;
    }

    /** Ctrl-C while a command runs: motion commands stop with {@code Quit}. */
    public void interrupt() {
        browser.requestInterrupt();
    }

    /** The line an empty line repeats, or {@code null}. */
    public String repeatLine() {
        return repeat;
    }

    /**
     * Runs one line; an empty line repeats the last repeatable command (gdb's Enter).
     *
     * @param line the line as typed
     */
    public Result execute(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            if (!l.isEmpty() || repeat == null) {
                return Result.OK;
            }
            l = repeat;
        } else {
            repeat = null;
        }
        try {
            Result r = dispatch(l);
            out.finish();
            return r;
        } catch (HistoryError e) {
            out.finish();
            err.print(e.getMessage() + "\n");
            err.flush();
            return Result.ERROR;
        }
    }

    /** The command a word names (alias or unique prefix), or {@code null}. */
    public static String resolve(String word) {
        try {
            return lookup(word, COMMANDS, ALIASES, "");
        } catch (HistoryError e) {
            return null;
        }
    }

    private static String[] split(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '/') {
            i++;
        }
        return new String[] {s.substring(0, i), s.substring(i).strip()};
    }

    private static String lookup(String word, List<String> names, Map<String, String> aliases, String context) {
        String a = aliases.get(word);
        return a != null ? a : CommandWords.match(word, names, context);
    }

    private Result dispatch(String line) {
        String[] w = split(line);
        String cmd = lookup(w[0], COMMANDS, ALIASES, "");
        String args = w[1];
        switch (cmd) {
            case "quit" -> {
                return Result.QUIT;
            }
            case "help" -> help(args);
            case "info" -> info(args);
            case "record" -> record(args);
            case "set" -> set(args);
            case "show" -> show(args);
            case "break" -> {
                requireRecording();
                browser.setBreakpoint(args, out);
            }
            case "delete" -> {
                String[] v = split(args);
                browser.breakpoints().delete(v[0].startsWith("b") && "breakpoints".startsWith(v[0]) ? v[1] : args);
            }
            case "backtrace" -> {
                requireRecording();
                browser.backtrace(args, out);
                repeat = line;
            }
            case "frame" -> {
                requireRecording();
                browser.frame(out);
                repeat = line;
            }
            case "x" -> {
                data.examine(browser, args, out);
                repeat = "x";
            }
            case "print" -> data.print(browser, args, out);
            default -> motion(cmd, args, line);
        }
        return Result.OK;
    }

    private void motion(String cmd, String args, String line) {
        boolean reverse = cmd.startsWith("reverse-");
        String base = reverse ? cmd.substring("reverse-".length()) : cmd;
        if (!reverse && live != null && live.alive() && (!recording || browser.replayPosition() == 0)) {
            liveMotion(base, args);
            repeat = line;
            return;
        }
        requireRecording();
        switch (base) {
            case "stepi", "nexti", "step", "next" -> {
                long count = count(args);
                if (base.endsWith("i")) {
                    browser.stepInstruction(reverse, base.equals("nexti"), count, out);
                } else {
                    browser.stepLine(reverse, base.equals("next"), count, out);
                }
            }
            case "finish" -> {
                noArguments(args);
                browser.finish(reverse, out);
            }
            case "until" -> {
                if (!args.isEmpty()) {
                    throw new HistoryError("until LOCATION is not supported; use break LOCATION and continue.");
                }
                browser.until(out);
            }
            default -> browser.continueExecution(reverse, out);
        }
        repeat = line;
    }

    /** Forward execution at the live position: the program runs on, recorded. */
    private void liveMotion(String base, String args) {
        switch (base) {
            case "continue" -> live.continueLive(out);
            case "stepi", "nexti", "step", "next" -> live.stepLive(base, count(args), out);
            case "finish" -> {
                noArguments(args);
                live.stepLive(base, 1, out);
            }
            default -> throw new HistoryError("\"" + base + "\" at the live position is not supported yet;"
                    + " use break LOCATION and continue.");
        }
    }

    private static long count(String args) {
        if (args.isEmpty()) {
            return 1;
        }
        try {
            long n = Long.parseLong(args);
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            if (Character.isLetter(args.charAt(0)) || args.charAt(0) == '_') {
                throw new HistoryError("No symbol \"" + args.split("[^A-Za-z0-9_]", 2)[0] + "\" in current context.");
            }
            throw new HistoryError("Invalid number \"" + args + "\".");
        }
    }

    private static void noArguments(String args) {
        if (!args.isEmpty()) {
            throw new HistoryError("The \"finish\" command does not take any arguments.");
        }
    }

    private void requireRecording() {
        if (!recording) {
            throw new HistoryError(
                    "No recording is currently active.\nUse the \"record full\" or \"record btrace\" command first.");
        }
    }

    private void info(String args) {
        String[] w = split(args);
        if (w[0].isEmpty()) {
            out.text("List of info subcommands:");
            out.text("");
            out.text("info breakpoints -- Status of breakpoints.");
            out.text("info record -- Info record options.");
            out.text("info registers -- List of integer registers and their contents, for selected stack frame.");
            return;
        }
        String sub = w[0].equals("rec") ? "record" : w[0].equals("b") || w[0].equals("break") ? "breakpoints"
                : w[0].equals("r") ? "registers" : CommandWords.match(w[0], INFO, "info");
        if (sub.equals("registers")) {
            data.infoRegisters(browser, w[1], out);
            return;
        }
        if (sub.equals("record")) {
            if (!recording) {
                out.text("No recording is currently active.");
                return;
            }
            browser.infoRecord(out);
        } else {
            browser.breakpoints().info(out);
        }
    }

    private void record(String args) {
        String[] w = split(args);
        if (w[0].isEmpty()) {
            alreadyRecording();
            return;
        }
        String sub = lookup(w[0], RECORD, RECORD_ALIASES, "record");
        switch (sub) {
            case "btrace", "bts", "pt", "full" -> alreadyRecording();
            case "stop" -> {
                requireRecording();
                recording = false;
                browser.stopReplaying();
                out.text("Process record is stopped and all execution logs are deleted.");
            }
            case "delete" -> {
                requireRecording();
                throw new HistoryError(browser.replayPosition() == 0 ? "Already at end of record list."
                        : "The current record target does not support this operation.");
            }
            case "save" -> {
                requireRecording();
                throw new HistoryError("You can't do that when your target is `record-btrace'");
            }
            case "goto" -> {
                requireRecording();
                browser.gotoRecord(w[1], out);
            }
            case "instruction-history" -> {
                requireRecording();
                browser.instructionHistory(w[1], out);
                repeat = argumentless(w[1]) ? "record instruction-history " + w[1] : null;
            }
            default -> {
                requireRecording();
                browser.functionCallHistory(w[1], out);
                repeat = argumentless(w[1]) ? "record function-call-history " + w[1] : null;
            }
        }
    }

    /** Whether history-listing arguments are the repeatable form: modifiers then nothing, {@code +} or {@code -}. */
    static boolean argumentless(String args) {
        String a = args.strip();
        while (a.startsWith("/")) {
            int i = 0;
            while (i < a.length() && !Character.isWhitespace(a.charAt(i))) {
                i++;
            }
            a = a.substring(i).strip();
        }
        return a.isEmpty() || a.equals("+") || a.equals("-");
    }

    private void alreadyRecording() {
        if (recording) {
            throw new HistoryError(
                    "The process is already being recorded.  Use \"record stop\" to stop recording first.");
        }
        if (live != null && live.alive()) {
            throw new HistoryError("Recording again after \"record stop\" is not supported in a live session yet.");
        }
        throw new HistoryError("The program is not being run.");
    }

    private void set(String args) {
        String a = args.strip();
        if (a.startsWith("var ") || a.startsWith("variable ") || a.startsWith("{")) {
            data.assign(browser, a.startsWith("{") ? a : a.substring(a.indexOf(' ') + 1));
            return;
        }
        String[] w = split(args);
        String sub = CommandWords.match(w[0], List.of("confirm", "height", "pagination", "record", "width"), "set");
        if (sub.equals("record")) {
            browser.settings().set(w[1], out);
        }
    }

    private void show(String args) {
        String[] w = split(args);
        String sub = CommandWords.match(w[0], List.of("record", "version"), "show");
        if (sub.equals("record")) {
            browser.settings().show(w[1], out);
        } else {
            out.text("Hindsight " + GdbCommands.class.getPackage().getImplementationVersion());
        }
    }

    private void help(String args) {
        if (!args.isEmpty()) {
            String[] w = split(args);
            String cmd = lookup(w[0], COMMANDS, ALIASES, "");
            out.text(cmd + " -- " + HELP.get(cmd));
            return;
        }
        out.text("List of commands (gdb's syntax; abbreviations as gdb's):");
        out.text("");
        for (String c : COMMANDS) {
            if (!c.equals("where")) {
                out.text(c + " -- " + HELP.get(c));
            }
        }
        out.text("");
        out.text("Press Enter to repeat a stepping command or an argument-less history listing.");
    }

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("backtrace", "Print the call stack of the replay position (bt, where)."),
            Map.entry("where", "Print the call stack of the replay position (bt, where)."),
            Map.entry("break", "Set a breakpoint: break [*ADDRESS|FUNCTION|FILE:LINE|LINE] (b)."),
            Map.entry("continue", "Replay forward to a breakpoint or the end of the history; live: run on, recorded (c)."),
            Map.entry("delete", "Delete breakpoints: delete [N...] (d)."),
            Map.entry("finish", "Replay until the selected frame returns (fin)."),
            Map.entry("frame", "Print the selected frame (f)."),
            Map.entry("help", "Print this list, or help COMMAND."),
            Map.entry("info", "info record | info breakpoints | info registers [REGISTER...]."),
            Map.entry("next", "Step one line, stepping over calls: next [N] (n)."),
            Map.entry("nexti", "Step one instruction, stepping over calls: nexti [N] (ni)."),
            Map.entry("print", "Print a register's value: print[/x|d|u|o|t] $REGISTER (p)."),
            Map.entry("x", "Examine memory: x/NFU ADDRESS (formats x d u o t c a s i z, units b h w g)."),
            Map.entry("quit", "Leave the shell (q, Ctrl-D)."),
            Map.entry("record", "record instruction-history | function-call-history | goto begin|end|N | stop (rec)."),
            Map.entry("reverse-continue", "Replay backward to a breakpoint or the start of the history (rc)."),
            Map.entry("reverse-finish", "Replay back to the call of the selected frame."),
            Map.entry("reverse-next", "Step one line backward, stepping over calls (rn)."),
            Map.entry("reverse-nexti", "Step one instruction backward, stepping over calls (rni)."),
            Map.entry("reverse-step", "Step one line backward, into calls (rs)."),
            Map.entry("reverse-stepi", "Step one instruction backward (rsi)."),
            Map.entry("set", "set record instruction-history-size|function-call-history-size|btrace ... VALUE;"
                    + " set var {int}ADDRESS = VALUE."),
            Map.entry("show", "show record [SETTING] | show version."),
            Map.entry("step", "Step one line, into calls: step [N] (s)."),
            Map.entry("until", "Like next, but do not stop on a jump back in the function (u)."),
            Map.entry("stepi", "Step one instruction: stepi [N] (si)."));
}
