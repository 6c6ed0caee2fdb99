package dev.hindsight.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The user's breakpoints while replaying a history: numbered from 1 like gdb's, each at one
 * address, with a hit count. Replay stops at them in both directions (spec §6.2).
 */
public final class Breakpoints {
    /** One breakpoint: its number, address and where it is ({@code in fun at file:line}). */
    public static final class Breakpoint {
        private final int number;
        private final long address;
        private final String where;
        private int hits;

        Breakpoint(int number, long address, String where) {
            this.number = number;
            this.address = address;
            this.where = where;
        }

        /** gdb's breakpoint number. */
        public int number() {
            return number;
        }

        /** The address replay stops at. */
        public long address() {
            return address;
        }

        /** How many times replay stopped here. */
        public int hits() {
            return hits;
        }
    }

    private final List<Breakpoint> list = new ArrayList<>();
    private long[] addresses = new long[0];
    private int next = 1;

    /** Adds a breakpoint at {@code address}; {@code where} is the {@code info breakpoints} text. */
    Breakpoint add(long address, String where) {
        Breakpoint b = new Breakpoint(next++, address, where);
        list.add(b);
        rebuild();
        return b;
    }

    /** The breakpoints, in number order. */
    public List<Breakpoint> all() {
        return List.copyOf(list);
    }

    /** The first breakpoint at {@code pc}, or {@code null}; hot in continue loops (no allocation). */
    Breakpoint at(long pc) {
        for (long a : addresses) {
            if (a == pc) {
                for (Breakpoint b : list) {
                    if (b.address == pc) {
                        return b;
                    }
                }
            }
        }
        return null;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    void hit(Breakpoint b) {
        b.hits++;
    }

    /**
     * gdb's {@code delete [N...]}: no argument deletes all.
     *
     * @throws HistoryError {@code No breakpoint number N.} or a bad argument
     */
    public void delete(String args) {
        String a = args == null ? "" : args.strip();
        if (a.isEmpty()) {
            list.clear();
            rebuild();
            return;
        }
        for (String w : a.split("\\s+")) {
            int n;
            try {
                n = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new HistoryError(Character.isDigit(w.charAt(0)) ? "Invalid number \"" + w + "\"."
                        : "Convenience variable must have integer value.\nArgs must be numbers or '$' variables.");
            }
            if (!list.removeIf(b -> b.number == n)) {
                throw new HistoryError("No breakpoint number " + n + ".");
            }
        }
        rebuild();
    }

    /** gdb's {@code info breakpoints} table. */
    public void info(HistoryOutput out) {
        if (list.isEmpty()) {
            out.text("No breakpoints or watchpoints.");
            return;
        }
        out.text("Num     Type           Disp Enb Address            What");
        for (Breakpoint b : list) {
            out.text(String.format(Locale.ROOT, "%-7d %-14s %-4s %-3s 0x%016x %s", b.number, "breakpoint", "keep", "y",
                    b.address, b.where).stripTrailing());
            if (b.hits > 0) {
                out.text("\tbreakpoint already hit " + b.hits + (b.hits == 1 ? " time" : " times"));
            }
        }
    }

    private void rebuild() {
        addresses = list.stream().mapToLong(b -> b.address).toArray();
    }
}
