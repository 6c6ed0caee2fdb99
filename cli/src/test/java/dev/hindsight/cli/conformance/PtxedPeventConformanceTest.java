package dev.hindsight.cli.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code hindsight ptxed} with perf_event sideband ({@code --sb:*}, {@code --pevent:*}) against
 * the ptxed expectations of the libipt-ptt {@code pevent} suite, with each decoder variant.
 */
class PtxedPeventConformanceTest {
    @TestFactory
    Stream<DynamicNode> shouldDecodeWithSidebandLikeLibiptPtxed() {
        return PtxedConformanceTest.tests("pevent");
    }
}
