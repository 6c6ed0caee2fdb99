package dev.hindsight.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The libipt-ptt conformance data in {@code ${hindsight.shared}/conformance/libipt-ptt}: the tests
 * listed in {@code index.tsv}, each read from its {@code manifest.json}.
 *
 * <p>Missing data is an error, never a skip: {@link #load()} throws if the folder or a manifest
 * is absent.
 */
public final class ConformanceSuite {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceSuite() {
    }

    /** The suite folder. */
    public static Path root() {
        String shared = System.getProperty("hindsight.shared");
        if (shared == null) {
            throw new IllegalStateException("system property hindsight.shared is not set");
        }
        Path root = Path.of(shared, "conformance", "libipt-ptt");
        if (!Files.isRegularFile(root.resolve("index.tsv"))) {
            throw new IllegalStateException("conformance data missing: " + root);
        }
        return root;
    }

    /** Every test listed in {@code index.tsv}, in its order. */
    public static List<ConformanceCase> load() {
        Path root = root();
        List<ConformanceCase> cases = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(root.resolve("index.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String name = line.split("\t", 2)[0];
                Path dir = root.resolve(name);
                JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
                cases.add(ConformanceCase.of(dir, manifest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
