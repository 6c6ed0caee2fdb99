package dev.hindsight.cli.command;

/**
 * Numbers as libipt's tools read them with {@code strtoull(arg, &rest, 0)}: decimal, {@code 0x}
 * hex or leading-zero octal, the whole text consumed.
 */
final class CNumbers {
    private CNumbers() {
    }

    /**
     * Parses {@code text} as an unsigned number that must not exceed {@code max}.
     *
     * @throws NumberFormatException with a one-line message if it is not a number or too big
     */
    static long parse(String text, long max) {
        String t = text.trim();
        if (t.isEmpty() || t.startsWith("-") || t.startsWith("+")) {
            throw new NumberFormatException("bad argument: " + text);
        }
        int radix = 10;
        String digits = t;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            digits = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            digits = t.substring(1);
        }
        long value;
        try {
            value = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("bad argument: " + text);
        }
        if (Long.compareUnsigned(value, max) > 0) {
            throw new NumberFormatException("value too big: " + text);
        }
        return value;
    }
}
