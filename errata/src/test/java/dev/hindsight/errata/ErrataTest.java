package dev.hindsight.errata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ErrataTest {

    /** Every errata_by_cpu entry of every conformance manifest, one dynamic test each. */
    @TestFactory
    Stream<DynamicTest> shouldMatchLibiptErrataForEveryConformanceCpu() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Path manifest : manifests()) {
            JsonNode byCpu = json.readTree(manifest.toFile()).path("errata_by_cpu");
            Iterator<Map.Entry<String, JsonNode>> it = byCpu.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> entry = it.next();
                Set<Erratum> expected = EnumSet.noneOf(Erratum.class);
                entry.getValue().forEach(n -> expected.add(Erratum.byName(n.asText())));
                String name = manifest.getParent().getFileName() + " " + entry.getKey();
                tests.add(DynamicTest.dynamicTest(name, () -> assertEquals(expected,
                        Errata.forCpu(CpuId.parse(entry.getKey())).toSet(), name)));
            }
        }
        assertTrue(tests.size() > 100, "too few errata_by_cpu entries: " + tests.size());
        return tests.stream();
    }

    @Test
    void shouldRejectCpuZeroZeroAsLibiptDoesInBadCpuTest() throws IOException {
        // bad_cpu runs "--cpu 0/0" and expects "failed to determine errata: unknown cpu".
        JsonNode m = new ObjectMapper().readTree(
                shared().resolve("bad_cpu/manifest.json").toFile());
        assertEquals("0/0", m.path("ptdump_opts").get(1).asText());
        UnknownCpuException e = assertThrows(UnknownCpuException.class,
                () -> Errata.forCpu(CpuId.parse("0/0")));
        assertEquals("unknown cpu", e.getMessage());
        assertEquals(CpuId.intel(0, 0, 0), e.cpu());
    }

    @Test
    void shouldRejectIntelModelsMissingFromTable() {
        for (String cpu : List.of("6/0", "6/60", "6/255", "15/6", "5/61", "18/2", "19/0", "7/61")) {
            assertThrows(UnknownCpuException.class, () -> Errata.forCpu(CpuId.parse(cpu)), cpu);
            assertEquals(Optional.empty(), Errata.lookup(CpuId.parse(cpu)), cpu);
        }
    }

    @Test
    void shouldIgnoreSteppingWhenLookingUp() throws UnknownCpuException {
        assertEquals(Errata.forCpu(CpuId.parse("6/142")), Errata.forCpu(CpuId.parse("6/142/12")));
    }

    @Test
    void shouldGiveNoErrataForNoCpuOrOtherVendor() throws UnknownCpuException {
        assertTrue(Errata.forCpu(CpuId.NONE).isEmpty());
        CpuId amd = CpuId.fromCpuInfo("vendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
                + "model\t\t: 33\nstepping\t: 0\n");
        assertTrue(Errata.forCpu(amd).isEmpty());
    }

    @Test
    void shouldMapSkylakeClientToItsSixWorkarounds() throws UnknownCpuException {
        Errata e = Errata.forCpu(CpuId.intel(6, 0x8e, 9));
        assertEquals(EnumSet.of(Erratum.BDM70, Erratum.SKD007, Erratum.SKD022, Erratum.SKD010,
                Erratum.SKL014, Erratum.SKL168), e.toSet());
        assertTrue(e.has(Erratum.SKL168));
        assertFalse(e.has(Erratum.SKZ84));
        assertFalse(e.isEmpty());
    }

    @Test
    void shouldPrintFlagNamesInLibiptOrder() {
        assertEquals("bdm70 skd022 apl11", Errata.of(Erratum.APL11, Erratum.BDM70,
                Erratum.SKD022).toString());
        assertEquals("none", Errata.NONE.toString());
    }

    @Test
    void shouldCompareByContent() {
        assertEquals(Errata.of(Erratum.SKZ84, Erratum.BDM70),
                Errata.of(EnumSet.of(Erratum.BDM70, Erratum.SKZ84)));
        assertEquals(Errata.NONE, Errata.of());
        assertEquals(Errata.of(Erratum.BDM64).hashCode(), Errata.of(Erratum.BDM64).hashCode());
    }

    static Path shared() {
        String dir = System.getProperty("hindsight.shared");
        if (dir == null) {
            throw new IllegalStateException("system property hindsight.shared is not set");
        }
        Path p = Path.of(dir, "conformance", "libipt-ptt");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("conformance data missing: " + p);
        }
        return p;
    }

    private static List<Path> manifests() throws IOException {
        List<Path> result = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(shared())) {
            dirs.sorted().map(d -> d.resolve("manifest.json")).filter(Files::isRegularFile)
                    .forEach(result::add);
        }
        assertFalse(result.isEmpty(), "no manifests in " + shared());
        return result;
    }
}
