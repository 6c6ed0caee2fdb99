package dev.hindsight.cli.command;

import dev.hindsight.errata.CNumber;

/**
 * Option values as libipt's tools read them with {@code strtoull(arg, &rest, 0)}: decimal,
 * {@code 0x} hex or leading-zero octal, the whole text consumed, no sign.
 */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * Parses {@code text} as an unsigned number that must not exceed {@code max} (unsigned).
     *
     * @throws NumberFormatException with a one-line message if it is not a number or too big
     */
    static long parse(String text, long max) {
        String t = text.trim();
        CNumber n = CNumber.read(t, 0);
        if (t.isEmpty() || t.charAt(0) == '-' || t.charAt(0) == '+' || n.end() != t.length()) {
            throw new NumberFormatException("bad argument: " + text);
        }
        if (!n.inRange(max)) {
            throw new NumberFormatException("value too big: " + text);
        }
        return n.magnitude();
    }
}
