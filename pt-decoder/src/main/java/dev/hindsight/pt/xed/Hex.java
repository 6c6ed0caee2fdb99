package dev.hindsight.pt.xed;

/** Appends numbers in lower-case hex as C's {@code %x} and {@code %016x} do, without boxing. */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** Appends {@code v} as 16 hex digits ({@code %016" PRIx64}). */
    static StringBuilder pad16(StringBuilder sb, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (v >>> shift) & 0xf]);
        }
        return sb;
    }

    /** Appends {@code v} unsigned without leading zeros ({@code %" PRIx64}). */
    static StringBuilder plain(StringBuilder sb, long v) {
        int shift = 60;
        while (shift > 0 && ((v >>> shift) & 0xf) == 0) {
            shift -= 4;
        }
        for (; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (v >>> shift) & 0xf]);
        }
        return sb;
    }

    /** Appends the low byte of {@code v} as two hex digits ({@code %02x}). */
    static StringBuilder byte2(StringBuilder sb, int v) {
        return sb.append(DIGITS[(v >>> 4) & 0xf]).append(DIGITS[v & 0xf]);
    }
}
