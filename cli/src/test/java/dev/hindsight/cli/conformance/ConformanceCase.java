package dev.hindsight.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test of the libipt-ptt suite, from its {@code manifest.json}.
 *
 * @param name     the test name (folder and file prefix)
 * @param suite    {@code core} or {@code pevent}
 * @param dir      the test folder, the working directory of its runs
 * @param cpus     the {@code --cpu} values to run with; empty for one run without
 * @param expected tool name to expected-output file name
 * @param args     tool name to its complete argument list, {@code <CPU>} standing for the cpu
 * @param manifest the whole manifest, for fields this record does not lift out
 */
public record ConformanceCase(String name, String suite, Path dir, List<String> cpus,
        Map<String, String> expected, Map<String, List<String>> args, JsonNode manifest) {

    /** The placeholder for the cpu in argument lists. */
    public static final String CPU = "<CPU>";

    static ConformanceCase of(Path dir, JsonNode m) {
        List<String> cpus = strings(m.path("cpus"));
        Map<String, String> expected = new LinkedHashMap<>();
        m.path("expected").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
        Map<String, List<String>> args = new LinkedHashMap<>();
        for (String tool : List.of("ptdump", "ptxed")) {
            if (m.has(tool + "_args")) {
                args.put(tool, strings(m.get(tool + "_args")));
            }
        }
        return new ConformanceCase(m.path("name").asText(), m.path("suite").asText(), dir,
                cpus, Collections.unmodifiableMap(expected), Collections.unmodifiableMap(args), m);
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return Collections.unmodifiableList(list);
    }

    /** Whether the test has an expected output for {@code tool}. */
    public boolean expects(String tool) {
        return expected.containsKey(tool);
    }

    /** The expected-output file of {@code tool}. */
    public Path expectedFile(String tool) {
        return dir.resolve(expected.get(tool));
    }

    /** The runs of {@code tool}: one per cpu, or one without cpu. */
    public List<Run> runs(String tool) {
        List<String> base = args.getOrDefault(tool, List.of());
        List<Run> runs = new ArrayList<>();
        if (cpus.isEmpty()) {
            runs.add(new Run(this, tool, null, base));
        } else {
            for (String cpu : cpus) {
                List<String> a = new ArrayList<>(base.size());
                for (String s : base) {
                    a.add(s.equals(CPU) ? cpu : s);
                }
                runs.add(new Run(this, tool, cpu, Collections.unmodifiableList(a)));
            }
        }
        return runs;
    }

    /**
     * One run of a tool on a test.
     *
     * @param test the test
     * @param tool {@code ptdump} or {@code ptxed}
     * @param cpu  the cpu, or null
     * @param args the tool's arguments, cpu filled in
     */
    public record Run(ConformanceCase test, String tool, String cpu, List<String> args) {
        /** A name for test reports: {@code <test>} or {@code <test> [cpu f/m]}. */
        public String displayName() {
            return cpu == null ? test.name() : test.name() + " [cpu " + cpu + "]";
        }
    }
}
