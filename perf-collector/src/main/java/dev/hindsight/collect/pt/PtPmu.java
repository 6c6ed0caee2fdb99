package dev.hindsight.collect.pt;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code intel_pt} perf PMU as sysfs describes it: its event {@code type}, the config bit
 * ranges of its {@code format/*} files ({@code config:0}, {@code config:14-17}) and its
 * {@code caps/*} values. Read below a root directory so that tests can describe any machine.
 */
public final class PtPmu {
    /** Where the PMU lives below the root. */
    public static final String DIR = "sys/bus/event_source/devices/intel_pt";

    /**
     * A format: bits {@code lo..hi} of attr field {@code field} ({@code config}, {@code config1},
     * {@code config2}).
     *
     * @param field the attr field
     * @param lo the lowest bit
     * @param hi the highest bit
     */
    public record Format(String field, int lo, int hi) {
        /** Parses {@code config:N} or {@code config:N-M}. */
        static Format parse(String text) {
            String t = text.trim();
            int colon = t.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad format '" + t + "'");
            }
            String field = t.substring(0, colon);
            String bits = t.substring(colon + 1);
            int dash = bits.indexOf('-');
            try {
                int lo = Integer.parseInt(dash < 0 ? bits : bits.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(bits.substring(dash + 1));
                if (lo < 0 || hi < lo || hi > 63) {
                    throw new IllegalArgumentException("bad format '" + t + "'");
                }
                return new Format(field, lo, hi);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad format '" + t + "'");
            }
        }

        /** {@code value} shifted into place. */
        long encode(String name, long value) {
            int width = hi - lo + 1;
            if (width < 64 && (value < 0 || value >= 1L << width)) {
                throw new IllegalArgumentException("intel_pt " + name + " value " + value
                        + " does not fit in " + width + " bit" + (width == 1 ? "" : "s"));
            }
            return value << lo;
        }
    }

    private final int type;
    private final Map<String, Format> formats;
    private final Map<String, String> caps;
    private final int maxNonTurboRatio;
    private final long[] tscArtRatio;

    private PtPmu(int type, Map<String, Format> formats, Map<String, String> caps,
            int maxNonTurboRatio, long[] tscArtRatio) {
        this.type = type;
        this.formats = formats;
        this.caps = caps;
        this.maxNonTurboRatio = maxNonTurboRatio;
        this.tscArtRatio = tscArtRatio;
    }

    /** The PMU of this machine. */
    public static PtPmu discover() {
        return discover(Path.of("/"));
    }

    /**
     * The PMU described below {@code root}.
     *
     * @throws PtUnavailableException when there is none, or its files are unreadable, with the
     *     spec's wording
     */
    public static PtPmu discover(Path root) {
        Path dir = root.resolve(DIR);
        Path typeFile = dir.resolve("type");
        String shown = "/" + DIR + "/type";
        String text;
        try {
            text = Files.readString(typeFile).trim();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PtUnavailableException("Failed to open " + shown
                    + " (No such file or directory).  Your system does not support Intel PT.");
        } catch (AccessDeniedException e) {
            throw new PtUnavailableException("Failed to open " + shown
                    + " (Permission denied).  You do not have permission to use Intel PT.");
        } catch (IOException e) {
            throw new PtUnavailableException("Failed to open " + shown + ": " + e.getMessage()
                    + ".");
        }
        int type;
        try {
            type = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new PtUnavailableException("Failed to read the PT event type from " + shown
                    + ".");
        }
        return new PtPmu(type, readFormats(dir.resolve("format")), readCaps(dir.resolve("caps")),
                (int) number(dir.resolve("max_nonturbo_ratio")), ratio(dir.resolve("tsc_art_ratio")));
    }

    private static long number(Path p) {
        try {
            return Long.parseLong(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** {@code tsc_art_ratio} reads {@code NUM:DEN}: CPUID leaf 0x15 EBX:EAX. */
    private static long[] ratio(Path p) {
        try {
            String[] f = Files.readString(p).trim().split(":");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new long[] {0, 0};
        }
    }

    /** The nominal core:bus ratio ({@code max_nonturbo_ratio}), or 0 if the PMU does not say. */
    public int maxNonTurboRatio() {
        return maxNonTurboRatio;
    }

    /** CPUID 0x15 EBX (TSC:ART numerator) from {@code tsc_art_ratio}, or 0. */
    public long cpuid15Ebx() {
        return tscArtRatio[0];
    }

    /** CPUID 0x15 EAX (TSC:ART denominator) from {@code tsc_art_ratio}, or 0. */
    public long cpuid15Eax() {
        return tscArtRatio[1];
    }

    private static Map<String, Format> readFormats(Path dir) {
        Map<String, Format> out = new TreeMap<>();
        for (Map.Entry<String, String> e : readDir(dir).entrySet()) {
            try {
                out.put(e.getKey(), Format.parse(e.getValue()));
            } catch (IllegalArgumentException x) {
                throw new PtUnavailableException("Failed to read the intel_pt format " + e.getKey()
                        + ": " + x.getMessage() + ".");
            }
        }
        return Map.copyOf(out);
    }

    private static Map<String, String> readCaps(Path dir) {
        return Map.copyOf(readDir(dir));
    }

    private static Map<String, String> readDir(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p) && Files.isReadable(p)) {
                    out.put(p.getFileName().toString(), Files.readString(p).trim());
                }
            }
        } catch (IOException e) {
            throw new PtUnavailableException("Failed to read " + dir + ": " + e.getMessage() + ".");
        }
        return out;
    }

    /** The perf event type ({@code attr.type}). */
    public int type() {
        return type;
    }

    /** The formats by name. */
    public Map<String, Format> formats() {
        return formats;
    }

    /** The capabilities by name (raw text). */
    public Map<String, String> caps() {
        return caps;
    }

    /** Whether capability {@code name} is present and non-zero. */
    public boolean has(String name) {
        return cap(name) != 0;
    }

    /**
     * The value of capability {@code name}, or 0 when absent or unreadable. The kernel prints
     * caps in hex without a prefix ({@code intel_pt.c}, {@code %x}).
     */
    public long cap(String name) {
        String v = caps.getOrDefault(name, "0");
        try {
            return Long.parseUnsignedLong(v.startsWith("0x") ? v.substring(2) : v, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The attr.config bits of format {@code name} set to {@code value}.
     *
     * @throws IllegalArgumentException when the PMU has no such format in {@code config}, or the
     *     value does not fit
     */
    public long config(String name, long value) {
        Format f = formats.get(name);
        if (f == null || !f.field().equals("config")) {
            throw new IllegalArgumentException("the intel_pt PMU has no config format '" + name
                    + "'");
        }
        return f.encode(name, value);
    }
}
