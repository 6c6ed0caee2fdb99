package dev.hindsight.cli.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares two texts the way {@code diff -ub} decides whether they differ, as libipt's test
 * script does: a change in the amount of white space inside a line, and white space at the end
 * of a line, are ignored; everything else counts, including blank lines, line order and whether
 * there is white space between two tokens at all.
 */
public final class DiffUb {
    private static final int CONTEXT = 3;

    private DiffUb() {
    }

    /** The lines of {@code text}; a final line terminator does not start another line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** A line with each run of white space made one space and trailing white space removed. */
    static String normalize(String line) {
        return line.replaceAll("[ \\t\\f\\x0B\\r]+", " ").stripTrailing();
    }

    /** Whether {@code a} and {@code b} are equal under {@code diff -b}. */
    public static boolean same(String a, String b) {
        return firstDifference(lines(a), lines(b)) < 0;
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!normalize(a.get(i)).equals(normalize(b.get(i)))) {
                return i;
            }
        }
        return a.size() == b.size() ? -1 : n;
    }

    /**
     * A description of the first difference, or {@code null} if there is none: the line number
     * and a few lines of each side from just before it.
     *
     * @param expected the expected text
     * @param actual   the actual text
     */
    public static String describe(String expected, String actual) {
        List<String> e = lines(expected);
        List<String> a = lines(actual);
        int at = firstDifference(e, a);
        if (at < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("first difference at line ").append(at + 1).append('\n');
        int from = Math.max(0, at - 1);
        sb.append("--- expected\n");
        for (int i = from; i < Math.min(e.size(), at + CONTEXT + 1); i++) {
            sb.append(i == at ? "-" : " ").append(e.get(i)).append('\n');
        }
        if (at >= e.size()) {
            sb.append("-<end of output>\n");
        }
        sb.append("+++ actual\n");
        for (int i = from; i < Math.min(a.size(), at + CONTEXT + 1); i++) {
            sb.append(i == at ? "+" : " ").append(a.get(i)).append('\n');
        }
        if (at >= a.size()) {
            sb.append("+<end of output>\n");
        }
        return sb.toString();
    }
}
