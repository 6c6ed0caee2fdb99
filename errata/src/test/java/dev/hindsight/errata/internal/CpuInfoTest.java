package dev.hindsight.errata.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CpuInfoTest {

    @Test
    void shouldReadFirstProcessorOnly() {
        CpuInfo info = CpuInfo.parse("processor\t: 0\nvendor_id\t: GenuineIntel\n"
                + "cpu family\t: 6\nmodel\t\t: 142\nmodel name\t: x\nstepping\t: 10\n\n"
                + "processor\t: 1\nvendor_id\t: Other\ncpu family\t: 7\n", "f");
        assertEquals(new CpuInfo("GenuineIntel", 6, 142, 10), info);
    }

    @Test
    void shouldRejectMissingFields() {
        assertThrows(IllegalArgumentException.class, () -> CpuInfo.parse("model\t: 1\n", "f"));
        assertThrows(IllegalArgumentException.class,
                () -> CpuInfo.parse("vendor_id\t: GenuineIntel\nmodel\t: 1\n", "f"));
    }

    @Test
    void shouldRejectNonNumericModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuInfo.parse("vendor_id: GenuineIntel\ncpu family: 6\nmodel: x\n", "f"));
        assertEquals("cpu auto: bad model 'x' in f", e.getMessage());
    }
}
