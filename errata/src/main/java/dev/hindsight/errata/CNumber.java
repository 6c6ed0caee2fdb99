package dev.hindsight.errata;

/**
 * A number read the way libipt's tools read their arguments, with C's {@code strtol} or
 * {@code strtoull(s, &end, 0)}: CPU ids ({@code pt_cpu_parse}), {@code --raw}/{@code --elf}
 * addresses, option values. It lives in the lowest module so that every layer parses alike.
 *
 * <p>Leading white space and one sign are skipped; {@code 0x}/{@code 0X} followed by a hex digit
 * starts hex, a leading {@code 0} octal, anything else decimal. {@link #end()} is the index after
 * the last digit, or the start index when there was no digit at all (C's {@code endptr == s}).
 *
 * @param negative  whether a minus sign was read
 * @param magnitude the absolute value as an unsigned 64-bit number, saturated at 2^64-1 when
 *                  {@code overflow}
 * @param overflow  whether the digits exceeded 64 bits (C's {@code ERANGE} for strtoull)
 * @param end       index just after the number, or the start index if no digits were read
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
        for (; i < n && isDigit(text.charAt(i), radix); i++) {
            if (overflow) {
                continue;
            }
            int d = Character.digit(text.charAt(i), radix);
            // value * radix + d > 2^64 - 1, in unsigned arithmetic
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, radix)) > 0) {
                overflow = true;
                value = -1L;
            } else {
                value = value * radix + d;
            }
        }
        if (i == digitsStart) {
            return new CNumber(false, 0, false, from);
        }
        return new CNumber(negative, value, overflow, i);
    }

    /**
     * Parses a whole string as one unsigned number, as ptxed's {@code extract_base} does: it
     * must not be empty, must not overflow and must have nothing after the digits.
     *
     * @return the value ({@link #unsigned()}), or null if the text is not exactly one number
     */
    public static Long parseWhole(String text) {
        if (text.isEmpty()) {
            return null;
        }
        CNumber number = read(text, 0);
        if (number.overflow || number.end != text.length()) {
            return null;
        }
        return number.unsigned();
    }

    /**
     * The value {@code strtoull} returns: a negative number wraps modulo 2^64, an overflow gives
     * 2^64-1.
     */
    public long unsigned() {
        return overflow ? -1L : negative ? -magnitude : magnitude;
    }

    /**
     * Whether the number is in {@code [0, max]} ({@code max} unsigned); "-0" counts as 0, as it
     * does for libipt.
     */
    public boolean inRange(long max) {
        return !overflow && (magnitude == 0 || !negative) && Long.compareUnsigned(magnitude, max) <= 0;
    }

    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && Character.digit(c, radix) >= 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
