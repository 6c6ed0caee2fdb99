package dev.hindsight.pt.image.internal;

/**
 * A number read the way C's {@code strtoull(s, &end, 0)} reads it, which is how ptxed reads the
 * numbers of its {@code --raw} and {@code --elf} arguments.
 *
 * <p>Leading white space and one sign are skipped; {@code 0x}/{@code 0X} starts hex, a leading
 * {@code 0} octal, else decimal. A minus sign negates the value modulo 2^64, as C does. On
 * overflow the value saturates at 2^64-1 and {@link #overflow()} is set (C's {@code ERANGE}).
 *
 * @param value the 64-bit value (unsigned, in a long)
 * @param end index after the last digit, or the start index if there was no digit
 * @param overflow whether the digits exceeded 64 bits
 */
public record CUnsigned(long value, int end, boolean overflow) {

    /**
     * Reads a number from {@code text} starting at {@code from}.
     *
     * @param text the text
     * @param from where to start
     * @return the number and where it ended
     */
    public static CUnsigned read(CharSequence text, int from) {
        int n = text.length();
        int i = from;
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
            boolean hex = i + 2 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && isDigit(text.charAt(i + 2), 16);
            if (hex) {
                radix = 16;
                i += 2;
            } else {
                radix = 8;
            }
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < n && isDigit(text.charAt(i), radix)) {
            int d = Character.digit(text.charAt(i), radix);
            if (!overflow) {
                // value * radix + d must stay below 2^64.
                long limit = Long.divideUnsigned(-1L - d, radix);
                if (Long.compareUnsigned(value, limit) > 0) {
                    overflow = true;
                    value = -1L;
                } else {
                    value = value * radix + d;
                }
            }
            i++;
        }
        if (i == digits) {
            return new CUnsigned(0, from, false);
        }
        if (negative && !overflow) {
            value = -value;
        }
        return new CUnsigned(value, i, overflow);
    }

    /**
     * Parses a whole string as one number, as ptxed's {@code extract_base} does: it must not be
     * empty, must not overflow and must have nothing after the digits.
     *
     * @param text the text
     * @return the value, or null if the text is not exactly one number
     */
    public static Long parseWhole(String text) {
        if (text.isEmpty()) {
            return null;
        }
        CUnsigned number = read(text, 0);
        if (number.overflow || number.end != text.length()) {
            return null;
        }
        return number.value;
    }

    private static boolean isDigit(char c, int radix) {
        return c < 0x80 && Character.digit(c, radix) >= 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
