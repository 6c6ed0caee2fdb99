package dev.hindsight.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * gdb's {@code set record ...} and {@code show record ...} settings (spec §7) with their exact
 * texts and errors. The history sizes live in the {@link HistoryBrowser}; the others are kept
 * here for {@code show} (a static trace is not re-recorded, so buffer sizes and the full
 * recorder's limits have no further effect).
 */
public final class RecordSettings {
    private static final long UINT_MAX = 0xffffffffL;

    private final HistoryBrowser browser;
    private boolean readWrite;
    /** {@code auto}, {@code none}, or {@code intel} with family/model/stepping. */
    private String cpuVendor = "auto";
    private int family;
    private int model;
    private int stepping;
    private long btsBufferSize = 65536;
    private long ptBufferSize = 16384;
    private long insnNumberMax = 200000;
    private boolean stopAtLimit = true;
    private boolean memoryQuery;

    RecordSettings(HistoryBrowser browser) {
        this.browser = browser;
    }

    /** Takes every setting of {@code other} but the history sizes (which live in the browser). */
    void copyFrom(RecordSettings other) {
        readWrite = other.readWrite;
        cpuVendor = other.cpuVendor;
        family = other.family;
        model = other.model;
        stepping = other.stepping;
        btsBufferSize = other.btsBufferSize;
        ptBufferSize = other.ptBufferSize;
        insnNumberMax = other.insnNumberMax;
        stopAtLimit = other.stopAtLimit;
        memoryQuery = other.memoryQuery;
    }

    /** Whether {@code replay-memory-access} is {@code read-write}. */
    public boolean replayMemoryReadWrite() {
        return readWrite;
    }

    /** The {@code set record btrace cpu} value as show prints it inside quotes: {@code auto}, {@code none}, {@code intel: 6/158}. */
    public String cpu() {
        if (!cpuVendor.equals("intel")) {
            return cpuVendor;
        }
        return "intel: " + family + "/" + model + (stepping == 0 ? "" : "/" + stepping);
    }

    /**
     * The cpu to decode PT for: {@code null} for {@code auto} (the cpu the trace was recorded on),
     * {@code none} (no errata workarounds), or {@code intel:F/M[/S]}.
     */
    public String cpuArgument() {
        return switch (cpuVendor) {
            case "auto" -> null;
            case "none" -> "none";
            default -> "intel:" + family + "/" + model + "/" + stepping;
        };
    }

    /** {@code set record ARGS} ({@code args} is what follows {@code set record}). */
    public void set(String args) {
        set(args, null);
    }

    /**
     * {@code set record ARGS}, with {@code out} for what a new decode of the trace warns about
     * ({@code set record btrace cpu}); {@code null} drops it.
     */
    public void set(String args, HistoryOutput out) {
        String[] w = split(args);
        String name = CommandWords.match(w[0], TOP, "set record");
        switch (name) {
            case "instruction-history-size" -> browser.setInstructionHistorySize(historySize(w[1]));
            case "function-call-history-size" -> browser.setFunctionCallHistorySize(historySize(w[1]));
            case "insn-number-max" -> insnNumberMax = uinteger(w[1]);
            case "stop-at-limit" -> stopAtLimit = bool(w[1]);
            case "memory-query" -> memoryQuery = bool(w[1]);
            case "full" -> {
                String[] v = split(w[1]);
                switch (CommandWords.match(v[0], FULL, "set record full")) {
                    case "insn-number-max" -> insnNumberMax = uinteger(v[1]);
                    case "stop-at-limit" -> stopAtLimit = bool(v[1]);
                    default -> memoryQuery = bool(v[1]);
                }
            }
            case "bts", "pt" -> setBufferSize(name, w[1], "set record " + name);
            default -> setBtrace(w[1], out);
        }
    }

    private void setBtrace(String args, HistoryOutput out) {
        String[] v = split(args);
        String name = CommandWords.match(v[0], BTRACE, "set record btrace");
        switch (name) {
            case "replay-memory-access" -> readWrite = enumValue(v[1]).equals("read-write");
            case "cpu" -> {
                setCpu(v[1]);
                // The cpu chooses the decoder's errata workarounds: decode again (btrace_clear, fetch).
                browser.cpuChanged(out);
            }
            default -> setBufferSize(name, v[1], "set record btrace " + name);
        }
    }

    private void setBufferSize(String format, String args, String context) {
        String[] v = split(args);
        CommandWords.match(v[0], List.of("buffer-size"), context);
        long size = uinteger(v[1]);
        if (format.equals("bts")) {
            btsBufferSize = size;
        } else {
            ptBufferSize = size;
        }
    }

    /** {@code show record [ARGS]}. */
    public void show(String args, HistoryOutput out) {
        String a = args == null ? "" : args.strip();
        if (a.isEmpty()) {
            for (String[] e : all()) {
                out.text("record " + e[0] + ":  " + e[1]);
            }
            return;
        }
        String[] w = split(a);
        String name = CommandWords.match(w[0], TOP, "show record");
        String path;
        if (name.equals("btrace")) {
            if (w[1].isEmpty()) {
                for (String[] e : all()) {
                    if (e[0].startsWith("btrace ")) {
                        out.text("record " + e[0] + ":  " + e[1]);
                    }
                }
                return;
            }
            String[] v = split(w[1]);
            String sub = CommandWords.match(v[0], BTRACE, "show record btrace");
            path = "btrace " + sub + (sub.equals("bts") || sub.equals("pt") ? " buffer-size" : "");
        } else if (name.equals("full")) {
            if (w[1].isEmpty()) {
                for (String[] e : all()) {
                    if (e[0].startsWith("full ")) {
                        out.text("record " + e[0] + ":  " + e[1]);
                    }
                }
                return;
            }
            path = "full " + CommandWords.match(split(w[1])[0], FULL, "show record full");
        } else if (name.equals("bts") || name.equals("pt")) {
            path = "btrace " + name + " buffer-size";
        } else if (name.equals("insn-number-max") || name.equals("stop-at-limit") || name.equals("memory-query")) {
            path = "full " + name;
        } else {
            path = name;
        }
        for (String[] e : all()) {
            if (e[0].equals(path)) {
                out.text(e[1]);
                return;
            }
        }
    }

    /** Every setting as {name, show text}, alphabetically as gdb's {@code cmd_show_list}. */
    private List<String[]> all() {
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"btrace bts buffer-size", "The record/replay bts buffer size is " + unlimited(btsBufferSize) + "."});
        r.add(new String[] {"btrace cpu", "btrace cpu is '" + cpu() + "'."});
        r.add(new String[] {"btrace pt buffer-size", "The record/replay pt buffer size is " + unlimited(ptBufferSize) + "."});
        r.add(new String[] {"btrace replay-memory-access",
            "Replay memory access is " + (readWrite ? "read-write" : "read-only") + "."});
        r.add(new String[] {"full insn-number-max", "Record/replay buffer limit is " + unlimited(insnNumberMax) + "."});
        r.add(new String[] {"full memory-query",
            "Whether query if PREC cannot record memory change of next instruction is " + onOff(memoryQuery) + "."});
        r.add(new String[] {"full stop-at-limit",
            "Whether record/replay stops when record/replay buffer becomes full is " + onOff(stopAtLimit) + "."});
        r.add(new String[] {"function-call-history-size", browser.showFunctionCallHistorySize()});
        r.add(new String[] {"instruction-history-size", browser.showInstructionHistorySize()});
        return r;
    }

    private static final List<String> TOP = List.of("btrace", "bts", "full", "function-call-history-size",
            "insn-number-max", "instruction-history-size", "memory-query", "pt", "stop-at-limit");
    private static final List<String> BTRACE = List.of("bts", "cpu", "pt", "replay-memory-access");
    private static final List<String> FULL = List.of("insn-number-max", "memory-query", "stop-at-limit");

    private static String unlimited(long v) {
        return v == 0 ? "unlimited" : Long.toString(v);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    /** Splits off the first word: {word, rest} (rest stripped). */
    private static String[] split(String s) {
        String a = s == null ? "" : s.strip();
        int i = 0;
        while (i < a.length() && !Character.isWhitespace(a.charAt(i))) {
            i++;
        }
        return new String[] {a.substring(0, i), a.substring(i).strip()};
    }

    /** A history size: {@code unlimited}, 0 (unlimited) or 1..2^31-1. */
    private static long historySize(String v) {
        long n = uinteger(v);
        if (n > HistoryBrowser.UNLIMITED) {
            throw new HistoryError("integer " + n + " out of range");
        }
        return n;
    }

    /** gdb's {@code var_uinteger} parse: {@code unlimited} is 0. */
    private static long uinteger(String v) {
        if (v.isEmpty()) {
            throw new HistoryError("Argument required (integer to set it to, or \"unlimited\".).");
        }
        if ("unlimited".startsWith(v) && v.length() >= 1 && Character.isLetter(v.charAt(0))) {
            return 0;
        }
        long n = number(v);
        if (n < 0 || n >= UINT_MAX) {
            throw new HistoryError("integer " + n + " out of range");
        }
        return n;
    }

    private static long number(String v) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            if (Character.isLetter(v.charAt(0)) || v.charAt(0) == '_') {
                throw new HistoryError("No symbol \"" + v.split("[^A-Za-z0-9_]", 2)[0] + "\" in current context.");
            }
            throw new HistoryError("Invalid number \"" + v + "\".");
        }
    }

    private static boolean bool(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return true;
        }
        for (String on : new String[] {"on", "yes", "enable", "1"}) {
            if (on.startsWith(s) && !(s.equals("o"))) {
                return true;
            }
        }
        for (String off : new String[] {"off", "no", "disable", "0"}) {
            if (off.startsWith(s) && !(s.equals("o"))) {
                return false;
            }
        }
        throw new HistoryError("\"on\" or \"off\" expected.");
    }

    private static String enumValue(String v) {
        if (v.isEmpty()) {
            throw new HistoryError("Requires an argument. Valid arguments are read-only, read-write.");
        }
        String word = v.split("\\s+", 2)[0];
        List<String> hits = new ArrayList<>();
        for (String e : new String[] {"read-only", "read-write"}) {
            if (e.equals(word)) {
                hits.clear();
                hits.add(e);
                break;
            }
            if (e.startsWith(word)) {
                hits.add(e);
            }
        }
        if (hits.isEmpty()) {
            throw new HistoryError("Undefined item: \"" + word + "\".");
        }
        if (hits.size() > 1) {
            throw new HistoryError("Ambiguous item \"" + word + "\".");
        }
        String rest = v.substring(word.length()).strip();
        if (!rest.isEmpty()) {
            throw new HistoryError("Junk after item \"" + word + "\": " + rest);
        }
        return hits.get(0);
    }

    /** {@code set record btrace cpu intel:F/M[/S] | auto | none} (cmd_set_record_btrace_cpu). */
    private void setCpu(String raw) {
        String a = raw;
        for (String word : new String[] {"auto", "none"}) {
            if (a.equals(word) || a.startsWith(word + " ")) {
                String junk = a.substring(word.length()).strip();
                if (!junk.isEmpty()) {
                    throw new HistoryError("Trailing junk: '" + junk + "'.");
                }
                cpuVendor = word;
                return;
            }
        }
        final String bad = "Bad format.  See \"help set record btrace cpu\".";
        if (!a.startsWith("intel:")) {
            throw new HistoryError(bad);
        }
        int[] pos = {"intel:".length()};
        long f = scanUnsigned(a, pos);
        if (f < 0 || pos[0] >= a.length() || a.charAt(pos[0]) != '/') {
            throw new HistoryError(bad);
        }
        pos[0]++;
        long m = scanUnsigned(a, pos);
        if (m < 0) {
            throw new HistoryError(bad);
        }
        long s = 0;
        int afterModel = pos[0];
        if (pos[0] < a.length() && a.charAt(pos[0]) == '/') {
            pos[0]++;
            s = scanUnsigned(a, pos);
            if (s < 0) {
                pos[0] = afterModel;
                s = 0;
            }
        }
        if (pos[0] < a.length()) {
            throw new HistoryError("Trailing junk: '" + a.substring(pos[0]) + "'.");
        }
        if (f > 0xffff) {
            throw new HistoryError("Cpu family too big.");
        }
        if (m > 0xff) {
            throw new HistoryError("Cpu model too big.");
        }
        if (s > 0xff) {
            throw new HistoryError("Cpu stepping too big.");
        }
        cpuVendor = "intel";
        family = (int) f;
        model = (int) m;
        stepping = (int) s;
    }

    /** sscanf's {@code %u}: leading blanks, then decimal digits; -1 if none. */
    private static long scanUnsigned(String a, int[] pos) {
        int i = pos[0];
        while (i < a.length() && Character.isWhitespace(a.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
            i++;
        }
        if (i == start) {
            return -1;
        }
        pos[0] = i;
        String digits = a.substring(start, i);
        return digits.length() > 12 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
