package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptdump} against every ptdump expectation of the libipt-ptt {@code core} suite,
 * once per cpu, compared as libipt's test script compares (standard output, {@code diff -ub}).
 * The {@code pevent} suite is {@link PtdumpPeventConformanceTest}.
 */
class PtdumpConformanceTest {
    @TestFactory
    Stream<DynamicNode> shouldDumpLikeLibiptPtdump() {
        return tests("core");
    }

    /** One dynamic test per ptdump run of the tests of {@code suite}. */
    static Stream<DynamicNode> tests(String suite) {
        List<DynamicNode> tests = new ArrayList<>();
        for (ConformanceCase test : ConformanceSuite.load()) {
            if (!test.expects("ptdump") || !suite.equals(test.suite())) {
                continue;
            }
            for (ConformanceCase.Run run : test.runs("ptdump")) {
                tests.add(DynamicTest.dynamicTest(run.displayName(), () -> check(run)));
            }
        }
        if (tests.isEmpty()) {
            throw new IllegalStateException("no ptdump tests in suite " + suite);
        }
        return tests.stream().map(DynamicNode.class::cast);
    }

    static void check(ConformanceCase.Run run) throws IOException {
        String expected = Files.readString(run.test().expectedFile("ptdump"));
        ToolRunner.Result result = ToolRunner.run(run);
        String diff = DiffUb.describe(expected, result.out());
        if (diff != null) {
            fail("ptdump " + String.join(" ", run.args()) + " (exit " + result.exitCode() + ")\n"
                    + diff + (result.err().isEmpty() ? "" : "stderr: " + result.err()));
        }
    }
}
