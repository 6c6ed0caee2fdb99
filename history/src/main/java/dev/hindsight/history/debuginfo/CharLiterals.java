package dev.hindsight.history.debuginfo;

import java.util.Locale;

/** Characters as gdb prints them in C: printable ASCII as itself, the C escapes, else octal. */
public final class CharLiterals {
    private CharLiterals() {
    }

    /**
     * One character of a literal quoted with {@code quote}: {@code \n}, {@code \\}, the quote
     * escaped, {@code \033} for what has no escape.
     *
     * @param c the character, 0 to 255
     */
    public static String escape(int c, char quote) {
        switch (c) {
            case 7:
                return "\\a";
            case 8:
                return "\\b";
            case 9:
                return "\\t";
            case 10:
                return "\\n";
            case 11:
                return "\\v";
            case 12:
                return "\\f";
            case 13:
                return "\\r";
            default:
                break;
        }
        if (c == quote || c == '\\') {
            return "\\" + (char) c;
        }
        if (c >= 0x20 && c < 0x7f) {
            return String.valueOf((char) c);
        }
        return String.format(Locale.ROOT, "\\%03o", c);
    }

    /** A {@code char} value as gdb prints it after the number: {@code 'a'}, {@code '\310'}. */
    public static String quoted(int c) {
        return "'" + escape(c & 0xff, '\'') + "'";
    }
}
