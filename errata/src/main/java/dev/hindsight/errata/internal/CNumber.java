package dev.hindsight.errata.internal;

/**
 * A number read the way C's {@code strtol(s, &end, 0)} reads it, which is how libipt's
 * {@code pt_cpu_parse()} reads each part of {@code f/m[/s]}.
 *
 * <p>Leading white space and one sign are skipped; {@code 0x}/{@code 0X} starts hex, a leading
 * {@code 0} octal, anything else decimal. {@link #end()} is the index after the last digit, or the
 * start index when there was no digit at all (C's {@code endptr == s}).
 *
 * @param negative whether a minus sign was read
 * @param magnitude the absolute value, saturated at {@link Long#MAX_VALUE} when {@code overflow}
 * @param overflow whether the digits exceeded the range of a signed 64-bit value
 * @param end index just after the number, or the start index if no digits were read
 */
public record CNumber(boolean negative, long magnitude, boolean overflow, int end) {

    /**
     * Reads a number from {@code text} starting at {@code from}.
     *
     * @param text the text
     * @param from where to start
     * @return the number and where it ended
     */
    public static CNumber read(CharSequence text, int from) {
        int i = from;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i < n && text.charAt(i) == '0') {
            boolean hexPrefix = i + 2 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && isDigit(text.charAt(i + 2), 16);
            if (hexPrefix) {
                radix = 16;
                i += 2;
            } else {
                radix = 8;
            }
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < n) {
            char c = text.charAt(i);
            if (!isDigit(c, radix)) {
                break;
            }
            int d = Character.digit(c, radix);
            if (!overflow) {
                if (value > (Long.MAX_VALUE - d) / radix) {
                    overflow = true;
                    value = Long.MAX_VALUE;
                } else {
                    value = value * radix + d;
                }
            }
            i++;
        }
        if (i == digitsStart) {
            return new CNumber(false, 0, false, from);
        }
        return new CNumber(negative, value, overflow, i);
    }

    /** Whether the number is in {@code [0, max]}; "-0" counts as 0, as it does for libipt. */
    public boolean inRange(long max) {
        return !overflow && (magnitude == 0 || !negative) && magnitude <= max;
    }

    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && Character.digit(c, radix) >= 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
