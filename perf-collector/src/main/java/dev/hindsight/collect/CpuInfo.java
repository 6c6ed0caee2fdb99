package dev.hindsight.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The first processor of {@code /proc/cpuinfo}: vendor, family/model/stepping and feature flags.
 *
 * @param vendor e.g. {@code GenuineIntel}, {@code AuthenticAMD}
 * @param family the CPU family (decimal, as the kernel prints it)
 * @param model the model
 * @param stepping the stepping
 * @param modelName the marketing name
 * @param flags the feature flags (e.g. {@code intel_pt}, {@code ds}, {@code dtes64})
 */
public record CpuInfo(String vendor, int family, int model, int stepping, String modelName,
        Set<String> flags) {

    /** Copies the flags. */
    public CpuInfo {
        flags = Set.copyOf(flags);
    }

    /** Reads {@code /proc/cpuinfo}. */
    public static CpuInfo read() throws IOException {
        return parse(Files.readString(Path.of("/proc/cpuinfo")));
    }

    /** Parses the text of a {@code /proc/cpuinfo}; only the first processor's block counts. */
    public static CpuInfo parse(String text) {
        String vendor = "unknown";
        int family = 0;
        int model = 0;
        int stepping = 0;
        String name = "";
        Set<String> flags = Set.of();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = parseInt(value);
                case "model" -> model = parseInt(value);
                case "stepping" -> stepping = parseInt(value);
                case "model name" -> name = value;
                case "flags" -> flags = Set.of(value.isEmpty() ? new String[0] : value.split("\\s+"));
                default -> {
                }
            }
        }
        return new CpuInfo(vendor, family, model, stepping, name, flags);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the CPU reports {@code flag}. */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** {@code vendor family/model/stepping}, e.g. {@code GenuineIntel 6/85/7}. */
    public String id() {
        return vendor + " " + family + "/" + model + "/" + stepping;
    }
}
