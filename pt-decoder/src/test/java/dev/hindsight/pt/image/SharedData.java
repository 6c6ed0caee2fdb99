package dev.hindsight.pt.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared, read-only test data; missing data fails the test. */
final class SharedData {

    private SharedData() {
    }

    static Path dir(String first, String... more) {
        String root = System.getProperty("hindsight.shared");
        if (root == null) {
            throw new IllegalStateException("system property hindsight.shared is not set");
        }
        Path p = Path.of(root, first).resolve(Path.of("", more));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared test data missing: " + p);
        }
        return p;
    }
}
