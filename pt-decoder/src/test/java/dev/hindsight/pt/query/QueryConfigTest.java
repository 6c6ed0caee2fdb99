package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.errata.CpuId;
import dev.hindsight.errata.Errata;
import dev.hindsight.errata.Erratum;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    @Test
    void shouldDefaultToNothing() {
        QueryConfig c = QueryConfig.DEFAULT;
        assertFalse(c.hasErrata());
        assertTrue(c.errata().isEmpty());
        assertEquals(0, c.mtcFreq());
        assertFalse(c.keepTcalOnOvf() || c.enableIflagsEvents() || c.enableTickEvents());
        assertEquals(AddressFilter.NONE, c.addressFilter());
    }

    @Test
    void shouldTakeErrataForACpu() throws Exception {
        Errata skylake = Errata.forCpu(CpuId.parse("6/78"));
        QueryConfig c = QueryConfig.builder().errata(skylake).build();
        assertEquals(skylake, c.errata());
        assertEquals(skylake.has(Erratum.SKD010), c.skd010());
        assertEquals(skylake.has(Erratum.SKD007), c.packetConfig().skd007());
        assertTrue(c.hasErrata());
    }

    @Test
    void shouldPassTimingParametersDown() {
        QueryConfig c = QueryConfig.builder().mtcFreq(3).nomFreq(37).cpuid15(2, 308).keepTcalOnOvf(true)
                .skl168(true).skz84(true).build();
        assertEquals(3, c.timeConfig().mtcFreq());
        assertEquals(37, c.timeConfig().nomFreq());
        assertEquals(2, c.timeConfig().cpuid15Eax());
        assertEquals(308, c.timeConfig().cpuid15Ebx());
        assertTrue(c.timeConfig().keepTcalOnOvf());
        assertTrue(c.timeConfig().skl168());
        assertEquals(3, c.packetConfig().mtcFreq());
        assertTrue(c.packetConfig().skz84());
    }

    @Test
    void shouldRebuildFromItself() {
        QueryConfig c = QueryConfig.builder().apl11(true).enableIflagsEvents(true)
                .addressFilter(AddressFilter.NONE.withRange(0, 1, 0x1000, 0x2000)).build();
        QueryConfig d = c.toBuilder().apl12(true).build();
        assertTrue(d.apl11() && d.apl12() && d.enableIflagsEvents());
        assertEquals(c.addressFilter(), d.addressFilter());
        assertFalse(c.apl12());
    }
}
