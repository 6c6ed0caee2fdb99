package dev.hindsight.collect.pt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtPmuTest {
    @TempDir
    Path root;

    /** A sysfs intel_pt tree as a Skylake kernel shows it. */
    static Path fakeSysfs(Path root, String type) throws IOException {
        Path d = root.resolve(PtPmu.DIR);
        Files.createDirectories(d.resolve("format"));
        Files.createDirectories(d.resolve("caps"));
        Files.writeString(d.resolve("type"), type + "\n");
        Map<String, String> formats = Map.ofEntries(Map.entry("pt", "config:0"),
                Map.entry("cyc", "config:1"), Map.entry("mtc", "config:9"),
                Map.entry("tsc", "config:10"), Map.entry("noretcomp", "config:11"),
                Map.entry("ptw", "config:12"), Map.entry("branch", "config:13"),
                Map.entry("mtc_period", "config:14-17"), Map.entry("cyc_thresh", "config:19-22"),
                Map.entry("psb_period", "config:24-27"));
        for (var e : formats.entrySet()) {
            Files.writeString(d.resolve("format").resolve(e.getKey()), e.getValue() + "\n");
        }
        Map<String, String> caps = Map.of("mtc", "1", "psb_cyc", "1", "mtc_periods", "249",
                "psb_periods", "3f", "cycle_thresholds", "3fff", "ptwrite", "0");
        for (var e : caps.entrySet()) {
            Files.writeString(d.resolve("caps").resolve(e.getKey()), e.getValue() + "\n");
        }
        Files.writeString(d.resolve("max_nonturbo_ratio"), "37\n");
        Files.writeString(d.resolve("tsc_art_ratio"), "308:2\n");
        return d;
    }

    @Test
    void shouldReadTypeFormatsAndCaps() throws IOException {
        fakeSysfs(root, "8");
        PtPmu pmu = PtPmu.discover(root);
        assertEquals(8, pmu.type());
        assertEquals(new PtPmu.Format("config", 14, 17), pmu.formats().get("mtc_period"));
        assertEquals(new PtPmu.Format("config", 13, 13), pmu.formats().get("branch"));
        assertTrue(pmu.has("mtc"));
        assertFalse(pmu.has("ptwrite"));
        assertEquals(0x249, pmu.cap("mtc_periods"));
        assertEquals(3L << 14, pmu.config("mtc_period", 3));
        assertEquals(1L << 13, pmu.config("branch", 1));
    }

    @Test
    void shouldReadTheTimingRatios() throws IOException {
        fakeSysfs(root, "8");
        PtPmu pmu = PtPmu.discover(root);
        assertEquals(37, pmu.maxNonTurboRatio());
        assertEquals(308, pmu.cpuid15Ebx());
        assertEquals(2, pmu.cpuid15Eax());
    }

    @Test
    void shouldRefuseValuesThatDoNotFit() throws IOException {
        fakeSysfs(root, "8");
        PtPmu pmu = PtPmu.discover(root);
        assertThrows(IllegalArgumentException.class, () -> pmu.config("mtc_period", 16));
        assertThrows(IllegalArgumentException.class, () -> pmu.config("nosuch", 1));
    }

    @Test
    void shouldSayWhenTheMachineHasNoIntelPt() {
        PtUnavailableException e = assertThrows(PtUnavailableException.class,
                () -> PtPmu.discover(root));
        assertEquals("Failed to open /sys/bus/event_source/devices/intel_pt/type (No such file or"
                + " directory).  Your system does not support Intel PT.", e.getMessage());
    }

    @Test
    void shouldSayWhenTheTypeIsNotANumber() throws IOException {
        fakeSysfs(root, "eight");
        assertEquals("Failed to read the PT event type from /sys/bus/event_source/devices/intel_pt"
                + "/type.", assertThrows(PtUnavailableException.class, () -> PtPmu.discover(root))
                .getMessage());
    }

    @Test
    void shouldRejectABadFormatFile() throws IOException {
        Path d = fakeSysfs(root, "8");
        Files.writeString(d.resolve("format/branch"), "config:x");
        assertTrue(assertThrows(PtUnavailableException.class, () -> PtPmu.discover(root))
                .getMessage().contains("format branch"));
    }
}
