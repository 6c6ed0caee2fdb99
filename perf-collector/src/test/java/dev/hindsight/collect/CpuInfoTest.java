package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void shouldReadTheFirstProcessorOnly() {
        CpuInfo c = CpuInfo.parse("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
                + "model\t\t: 142\nmodel name\t: Intel(R) Core(TM)\nstepping\t: 10\n"
                + "flags\t\t: fpu ds intel_pt\n\nprocessor\t: 1\nflags\t\t: dtes64\n");
        assertEquals("GenuineIntel 6/142/10", c.id());
        assertEquals("Intel(R) Core(TM)", c.modelName());
        assertTrue(c.has("intel_pt"));
        assertFalse(c.has("dtes64"));
    }

    @Test
    void shouldTolerateMissingFields() {
        CpuInfo c = CpuInfo.parse("");
        assertEquals("unknown 0/0/0", c.id());
        assertTrue(c.flags().isEmpty());
    }
}
