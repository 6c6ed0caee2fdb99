package dev.hindsight.collect.bts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.collect.sys.PerfEventAttr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BtsAttrTest {
    @Test
    void shouldConfigureTheBranchInstructionsEventAsGdbDoes() {
        ByteBuffer b = ByteBuffer.wrap(BtsAttr.build(false).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getInt(0), "PERF_TYPE_HARDWARE");
        assertEquals(128, b.getInt(4), "size");
        assertEquals(4, b.getLong(8), "PERF_COUNT_HW_BRANCH_INSTRUCTIONS");
        assertEquals(1, b.getLong(16), "sample_period");
        assertEquals(1 | 8, b.getLong(24), "PERF_SAMPLE_IP | PERF_SAMPLE_ADDR");
        // exclude_kernel (bit 5), exclude_hv (6), exclude_idle (7); not disabled.
        assertEquals(0xe0, b.getLong(40));
        assertEquals(PerfEventAttr.FLAG_DISABLED, BtsAttr.build(true).flags() & 1);
    }
}
