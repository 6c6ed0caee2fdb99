package dev.hindsight.cli.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptdump} with perf_event sideband ({@code --sb:*}, {@code --pevent:*}) against
 * the ptdump expectations of the libipt-ptt {@code pevent} suite.
 */
class PtdumpPeventConformanceTest {
    @TestFactory
    Stream<DynamicNode> shouldDumpSidebandLikeLibiptPtdump() {
        return PtdumpConformanceTest.tests("pevent");
    }
}
