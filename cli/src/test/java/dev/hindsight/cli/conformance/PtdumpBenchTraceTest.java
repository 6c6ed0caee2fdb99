package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptdump} on the 1 MB benchmark traces of {@code ${hindsight.shared}/bench/
 * libipt-synth}: its standard output must be byte-identical to libipt ptdump's, whose line count
 * and SHA-256 the folder's {@code manifest.json} records.
 */
class PtdumpBenchTraceTest {
    @TestFactory
    Stream<DynamicTest> shouldPrintExactlyWhatLibiptPrintsOnBenchTraces() throws IOException {
        Path dir = Path.of(System.getProperty("hindsight.shared"), "bench", "libipt-synth");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode trace : manifest.path("traces")) {
            String file = trace.path("file").asText();
            tests.add(DynamicTest.dynamicTest(file, () -> {
                ToolRunner.Result r = ToolRunner.run(dir, "ptdump", List.of(file));
                assertEquals(0, r.exitCode(), r.err());
                assertEquals(trace.path("ptdump_lines").asLong(), r.out().lines().count());
                assertEquals(trace.path("ptdump_stdout_sha256").asText(), sha256(r.out()));
            }));
        }
        assertEquals(false, tests.isEmpty(), "no traces in " + dir);
        return tests.stream();
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
