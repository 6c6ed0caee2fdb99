package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptxed} against every ptxed expectation of the libipt-ptt suite, once per cpu
 * and, as libipt's ctest targets do, once more each with {@code --insn-decoder} and with
 * {@code --block-decoder} put in front; compared as {@code diff -ub}. The pevent tests, which
 * need the perf sideband, are a separate container.
 */
class PtxedConformanceTest {
    private static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("ptxed", List.of());
        VARIANTS.put("ptxed_insn", List.of("--insn-decoder"));
        VARIANTS.put("ptxed_block", List.of("--block-decoder"));
    }

    @TestFactory
    Stream<DynamicNode> shouldDecodeLikeLibiptPtxed() {
        Map<String, List<DynamicNode>> core = new LinkedHashMap<>();
        Map<String, List<DynamicNode>> pevent = new LinkedHashMap<>();
        for (String variant : VARIANTS.keySet()) {
            core.put(variant, new ArrayList<>());
            pevent.put(variant, new ArrayList<>());
        }
        for (ConformanceCase test : ConformanceSuite.load()) {
            if (!test.expects("ptxed")) {
                continue;
            }
            for (ConformanceCase.Run run : test.runs("ptxed")) {
                for (Map.Entry<String, List<String>> v : VARIANTS.entrySet()) {
                    List<String> args = new ArrayList<>(v.getValue());
                    args.addAll(run.args());
                    ConformanceCase.Run variant =
                            new ConformanceCase.Run(test, "ptxed", run.cpu(), args);
                    DynamicTest t = DynamicTest.dynamicTest(run.displayName(),
                            () -> check(variant));
                    ("pevent".equals(test.suite()) ? pevent : core).get(v.getKey()).add(t);
                }
            }
        }
        List<DynamicNode> nodes = new ArrayList<>();
        for (String variant : VARIANTS.keySet()) {
            nodes.add(DynamicContainer.dynamicContainer("core " + variant, core.get(variant)));
        }
        for (String variant : VARIANTS.keySet()) {
            nodes.add(DynamicContainer.dynamicContainer("pevent " + variant,
                    pevent.get(variant)));
        }
        return nodes.stream();
    }

    private static void check(ConformanceCase.Run run) throws IOException {
        String expected = Files.readString(run.test().expectedFile("ptxed"));
        ToolRunner.Result result = ToolRunner.run(run);
        String diff = DiffUb.describe(expected, result.out());
        if (diff != null) {
            fail("ptxed " + String.join(" ", run.args()) + " (exit " + result.exitCode() + ")\n"
                    + diff + (result.err().isEmpty() ? "" : "stderr: " + result.err()));
        }
    }
}
