package dev.hindsight.errata.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The first processor's identification from Linux's {@code /proc/cpuinfo}: the
 * {@code vendor_id}, {@code cpu family}, {@code model} and {@code stepping} lines.
 *
 * <p>The kernel already folds the extended family and model into these decimal numbers, the
 * way libipt's {@code pt_cpu_read()} does from CPUID leaf 1, so they compare directly with
 * {@code pt_cpu_errata()}'s table.
 *
 * @param vendorId the vendor string, e.g. {@code GenuineIntel}
 * @param family the display family
 * @param model the display model
 * @param stepping the stepping
 */
public record CpuInfo(String vendorId, int family, int model, int stepping) {

    /** Where Linux publishes it. */
    public static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

    /**
     * Reads and parses a cpuinfo file.
     *
     * @param file the file, normally {@link #PROC_CPUINFO}
     * @return the first processor's identification
     * @throws IllegalArgumentException when the file cannot be read or lacks a field
     */
    public static CpuInfo read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cpu auto: cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses cpuinfo text; only the first processor's block is used.
     *
     * @param text the file content
     * @param source the file name for error messages
     * @return the identification
     * @throws IllegalArgumentException when a field is missing or not a number
     */
    public static CpuInfo parse(String text, String source) {
        String vendor = null;
        Integer family = null;
        Integer model = null;
        Integer stepping = null;
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (vendor != null || family != null) {
                    break; // end of the first processor's block
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = number(key, value, source);
                case "model" -> model = number(key, value, source);
                case "stepping" -> stepping = number(key, value, source);
                default -> { }
            }
        }
        if (vendor == null) {
            throw new IllegalArgumentException("cpu auto: no vendor_id in " + source);
        }
        if (family == null || model == null) {
            throw new IllegalArgumentException("cpu auto: no cpu family/model in " + source);
        }
        return new CpuInfo(vendor, family, model, stepping == null ? 0 : stepping);
    }

    private static int number(String key, String value, String source) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "cpu auto: bad " + key + " '" + value + "' in " + source, e);
        }
    }
}
