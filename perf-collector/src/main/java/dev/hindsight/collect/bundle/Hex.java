package dev.hindsight.collect.bundle;

/** Hex strings for 64-bit values in manifests: {@code 0x} followed by lower-case digits. */
final class Hex {
    private Hex() {
    }

    /** {@code 0x...}, or null for -1 (unknown). */
    static String of(long v) {
        return v == -1 ? null : "0x" + Long.toHexString(v);
    }

    /**
     * Parses {@code 0x...} as an unsigned 64-bit value.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    static long parse(String s) {
        if (s == null || !s.startsWith("0x") || s.length() < 3 || s.length() > 18) {
            throw new IllegalArgumentException("not a hex address: " + s);
        }
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hex address: " + s);
        }
    }
}
