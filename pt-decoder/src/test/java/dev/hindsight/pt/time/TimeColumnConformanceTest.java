package dev.hindsight.pt.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the timing packets of libipt's ptdump conformance outputs that were made with
 * {@code --time} or {@code --tcal}: the payloads are read back from the expected lines, fed into
 * {@link TimeColumn}, and the time column and timing diagnostics must come out as printed.
 */
class TimeColumnConformanceTest {

    private static final Pattern PACKET_LINE = Pattern.compile("^([0-9a-f]{16})\\s+(\\S+)\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static int checkedLines;
    private static int matchedLines;

    static Path suite() {
        String shared = System.getProperty("hindsight.shared");
        assertNotNull(shared, "system property hindsight.shared is not set");
        Path dir = Path.of(shared, "conformance", "libipt-ptt");
        assertTrue(Files.isDirectory(dir), "missing conformance data: " + dir);
        return dir;
    }

    /** The test folders whose ptdump arguments track time. */
    static List<Path> timeCases() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(suite())) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                Path manifest = dir.resolve("manifest.json");
                if (!Files.isRegularFile(manifest)) {
                    continue;
                }
                List<String> args = stringArray(Files.readString(manifest), "ptdump_args");
                if (args.contains("--time") || args.contains("--tcal")) {
                    cases.add(dir);
                }
            }
        }
        return cases;
    }

    @Test
    void shouldFindTheTimeCases() throws IOException {
        // 25 tests use --time and 2 (skl168-*) use --tcal in the shared suite.
        assertTrue(timeCases().size() >= 20, "too few --time cases: " + timeCases().size());
    }

    @TestFactory
    Stream<DynamicTest> shouldReproduceTheTimeColumn() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : timeCases()) {
            String json = Files.readString(dir.resolve("manifest.json"));
            List<String> args = stringArray(json, "ptdump_args");
            List<String> cpus = stringArray(json, "cpus");
            String name = dir.getFileName().toString();
            if (cpus.isEmpty() || !args.contains("<CPU>")) {
                tests.add(DynamicTest.dynamicTest(name, () -> check(dir, args, List.of())));
            } else {
                for (String cpu : cpus) {
                    List<String> errata = stringArray(json, cpu);
                    tests.add(DynamicTest.dynamicTest(name + " --cpu " + cpu,
                            () -> check(dir, args, errata)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void shouldDependOnSkl168WhereTheSuiteSaysSo() throws IOException {
        Path dir = suite().resolve("skl168-cyc");
        List<String> args = stringArray(Files.readString(dir.resolve("manifest.json")), "ptdump_args");
        Replay withErratum = replay(dir, args, List.of("skl168"));
        Replay without = replay(dir, args, List.of());
        assertEquals(withErratum.checked, withErratum.matched, withErratum.mismatches.toString());
        assertTrue(without.matched < without.checked, "expected a difference without SKL168");
    }

    @AfterAll
    static void printFigures() {
        System.out.printf(Locale.ROOT, "ptdump time column: %d/%d lines reproduced%n",
                matchedLines, checkedLines);
    }

    private static void check(Path dir, List<String> args, List<String> errata) throws IOException {
        Replay r = replay(dir, args, errata);
        synchronized (TimeColumnConformanceTest.class) {
            checkedLines += r.checked;
            matchedLines += r.matched;
        }
        assertTrue(r.checked > 0, "no timing lines in " + dir);
        assertEquals(List.of(), r.mismatches);
    }

    /** The outcome of replaying one expected output. */
    static final class Replay {
        int checked;
        int matched;
        final List<String> mismatches = new ArrayList<>();
    }

    static Replay replay(Path dir, List<String> args, List<String> errata) throws IOException {
        TimeConfig.Builder config = TimeConfig.builder().skl168(errata.contains("skl168"));
        TimeColumn.Options.Builder options = TimeColumn.Options.builder();
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--time" -> options.showTime(true);
                case "--tcal" -> options.showTcal(true);
                case "--time-delta" -> options.timeDelta(true);
                case "--no-tcal" -> options.noTcal(true);
                case "--no-wall-clock" -> options.noWallClock(true);
                case "--no-cyc" -> options.noCyc(true);
                case "--keep-tcal-on-ovf" -> config.keepTcalOnOvf(true);
                case "--mtc-freq" -> config.mtcFreq((int) number(args.get(++i)));
                case "--nom-freq" -> config.nomFreq((int) number(args.get(++i)));
                case "--cpuid-0x15.eax" -> config.cpuid15Eax((int) number(args.get(++i)));
                case "--cpuid-0x15.ebx" -> config.cpuid15Ebx((int) number(args.get(++i)));
                case "--cpu" -> i++;
                default -> {
                    // The trace file and options that do not concern time.
                }
            }
        }
        String name = dir.getFileName().toString();
        List<String> expected = Files.readAllLines(dir.resolve(name + "-ptdump.exp"));
        List<String> produced = new ArrayList<>();
        TimeColumn column = new TimeColumn(config.build(), options.build(), produced::add);

        Replay r = new Replay();
        List<String> expectedDiags = new ArrayList<>();
        for (String line : expected) {
            if (line.startsWith("[")) {
                expectedDiags.add(line);
                continue;
            }
            Matcher m = PACKET_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long offset = Long.parseUnsignedLong(m.group(1), 16);
            String[] rest = m.group(3).isBlank() ? new String[0] : m.group(3).trim().split("\\s+");
            produced.clear();
            Fed fed = feed(column, offset, m.group(2), rest);

            compare(r, line, expectedDiags, produced);
            expectedDiags.clear();
            if (fed != null) {
                TimeColumn.Cell cell = fed.cell;
                String want = fed.expected.length == 0 ? "(none)" : String.join(" ", fed.expected);
                String got = cell == null ? "(none)" : cell.id() + " " + cell.payload();
                r.checked++;
                if (want.equals(got)) {
                    r.matched++;
                } else {
                    r.mismatches.add(line + "  => got " + got);
                }
            }
        }
        return r;
    }

    private static void compare(Replay r, String line, List<String> want, List<String> got) {
        int n = Math.max(want.size(), got.size());
        for (int i = 0; i < n; i++) {
            String w = i < want.size() ? want.get(i) : null;
            String g = i < got.size() ? got.get(i) : null;
            r.checked++;
            if (w != null && w.equals(g)) {
                r.matched++;
            } else {
                r.mismatches.add("before " + line + ": expected " + w + ", got " + g);
            }
        }
    }

    /** A timing packet fed to the column: the column expected and the one produced. */
    private record Fed(String[] expected, TimeColumn.Cell cell) {
    }

    /**
     * Feeds one packet line to the column.
     *
     * @return the expected tracking tokens (empty if none) and the column produced, or
     *     {@code null} for a packet that never has a time column
     */
    private static Fed feed(TimeColumn column, long offset, String mnemonic, String[] rest) {
        switch (mnemonic) {
            case "psb" -> column.psb(offset);
            case "psbend" -> column.psbend();
            case "ovf" -> column.ovf(offset);
            case "tsc" -> {
                return new Fed(tail(rest, 1), column.tsc(offset, Long.parseUnsignedLong(rest[0], 16)));
            }
            case "cbr" -> {
                return new Fed(tail(rest, 1), column.cbr(offset, Integer.parseInt(rest[0], 16)));
            }
            case "tma" -> {
                int ctc = Integer.parseInt(rest[0].replace(",", ""), 16);
                int fc = Integer.parseInt(rest[1], 16);
                return new Fed(tail(rest, 2), column.tma(offset, ctc, fc));
            }
            case "mtc" -> {
                return new Fed(tail(rest, 1), column.mtc(offset, Integer.parseInt(rest[0], 16)));
            }
            case "cyc" -> {
                return new Fed(tail(rest, 1), column.cyc(offset, Long.parseUnsignedLong(rest[0], 16)));
            }
            default -> {
                // Not a timing packet.
            }
        }
        return null;
    }

    private static String[] tail(String[] tokens, int from) {
        return Arrays.copyOfRange(tokens, Math.min(from, tokens.length), tokens.length);
    }

    /** strtoull with base 0, as ptdump parses numbers. */
    private static long number(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return Long.parseUnsignedLong(text.substring(2), 16);
        }
        if (text.length() > 1 && text.startsWith("0")) {
            return Long.parseUnsignedLong(text.substring(1), 8);
        }
        return Long.parseUnsignedLong(text);
    }

    /** The strings of the JSON array named {@code key} (manifests are flat and simple). */
    static List<String> stringArray(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[(.*?)\\]",
                Pattern.DOTALL).matcher(json);
        List<String> values = new ArrayList<>();
        if (!m.find()) {
            return values;
        }
        Matcher s = STRING.matcher(m.group(1));
        while (s.find()) {
            values.add(s.group(1));
        }
        return values;
    }

    @Test
    void shouldReadManifestArrays() {
        String json = "{\"cpus\": [\"6/78\"], \"errata_by_cpu\": {\"6/78\": [\"bdm70\", \"skl168\"]}}";
        assertEquals(List.of("6/78"), stringArray(json, "cpus"));
        assertEquals(List.of("bdm70", "skl168"), stringArray(json, "6/78"));
        assertFalse(stringArray(json, "missing").iterator().hasNext());
    }
}
