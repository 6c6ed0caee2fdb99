package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code pevent} tests of the shared libipt conformance suite, read in place: their folders,
 * their sideband files (with the configuration libipt's test script derives from each name) and
 * their expected output, normalised as {@code diff -b} compares it.
 */
final class PeventSuite {
    private static final Pattern SB_NAME = Pattern.compile(
            ".*-pevent-(primary|secondary),sample-type=(0x[0-9a-f]+),time-zero=(0x[0-9a-f]+),"
                    + "time-shift=(0x[0-9a-f]+),time-mult=(0x[0-9a-f]+)\\.sb");

    /** One sideband file of a test. */
    record SbFile(Path path, boolean primary, PerfEventConfig config) {
    }

    private PeventSuite() {
    }

    static Path root() {
        String shared = System.getProperty("hindsight.shared");
        assertTrue(shared != null, "system property hindsight.shared is not set");
        Path root = Path.of(shared, "conformance", "libipt-ptt");
        assertTrue(Files.isDirectory(root), "missing conformance data: " + root);
        return root;
    }

    static List<Path> tests() {
        try (Stream<Path> dirs = Files.list(root())) {
            List<Path> found = dirs.filter(d -> d.getFileName().toString().startsWith("pevent-"))
                    .sorted().toList();
            assertTrue(found.size() >= 10, "expected the 10 pevent tests, found " + found);
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<SbFile> sideband(Path test) {
        List<SbFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(test)) {
            for (Path p : list.sorted().toList()) {
                Matcher m = SB_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    files.add(new SbFile(p, m.group(1).equals("primary"), new PerfEventConfig(
                            Long.decode(m.group(2)), Long.decode(m.group(3)),
                            Integer.decode(m.group(4)), Long.decode(m.group(5)))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static Path expected(Path test, String tool) {
        return test.resolve(test.getFileName() + "-" + tool + ".exp");
    }

    /** The lines of a file, each with whitespace runs made single spaces and no trailing blank. */
    static List<String> normalizedLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String n = normalize(line);
            if (!n.isEmpty()) {
                lines.add(n);
            }
        }
        return lines;
    }

    static List<String> normalizedLines(Path file) {
        try {
            return normalizedLines(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalize(String line) {
        return line.replaceAll("\\s+", " ").stripTrailing();
    }
}
