package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptdump} against every ptdump expectation of the libipt-ptt suite, once per
 * cpu, compared as libipt's test script compares (standard output, {@code diff -ub}).
 */
class PtdumpConformanceTest {
    @TestFactory
    Stream<DynamicNode> shouldDumpLikeLibiptPtdump() {
        List<DynamicNode> core = new ArrayList<>();
        List<DynamicNode> pevent = new ArrayList<>();
        for (ConformanceCase test : ConformanceSuite.load()) {
            if (!test.expects("ptdump")) {
                continue;
            }
            for (ConformanceCase.Run run : test.runs("ptdump")) {
                DynamicTest t = DynamicTest.dynamicTest(run.displayName(), () -> check(run));
                ("pevent".equals(test.suite()) ? pevent : core).add(t);
            }
        }
        return Stream.of(DynamicContainer.dynamicContainer("core", core),
                DynamicContainer.dynamicContainer("pevent", pevent));
    }

    private static void check(ConformanceCase.Run run) throws IOException {
        String expected = Files.readString(run.test().expectedFile("ptdump"));
        ToolRunner.Result result = ToolRunner.run(run);
        String diff = DiffUb.describe(expected, result.out());
        if (diff != null) {
            fail("ptdump " + String.join(" ", run.args()) + " (exit " + result.exitCode() + ")\n"
                    + diff + (result.err().isEmpty() ? "" : "stderr: " + result.err()));
        }
    }
}
