package dev.hindsight.collect.bundle;

import java.util.regex.Pattern;

/**
 * The rules for entry names inside a bundle: relative, slash-separated, each part made of
 * letters, digits, {@code . _ - +} and not {@code .} or {@code ..}. Nothing read from a bundle is
 * used as a path before it passes {@link #isSafe}.
 */
final class EntryNames {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._+-]{1,128}");
    private static final int MAX_LENGTH = 512;

    private EntryNames() {
    }

    /** Whether {@code name} is a safe entry name. */
    static boolean isSafe(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (!PART.matcher(part).matches() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} with every character outside the safe set replaced by {@code _}. */
    static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = "_" + s;
        }
        return s.length() > 100 ? s.substring(s.length() - 100) : s;
    }
}
