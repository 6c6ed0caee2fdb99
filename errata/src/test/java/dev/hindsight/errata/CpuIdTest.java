package dev.hindsight.errata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuIdTest {

    @Test
    void shouldParseFamilyModelAsIntelWithSteppingZero() {
        CpuId cpu = CpuId.parse("6/142");
        assertEquals(CpuVendor.INTEL, cpu.vendor());
        assertEquals(6, cpu.family());
        assertEquals(142, cpu.model());
        assertEquals(0, cpu.stepping());
    }

    @Test
    void shouldParseStepping() {
        assertEquals(CpuId.intel(6, 158, 10), CpuId.parse("6/158/10"));
    }

    @Test
    void shouldParseIntelPrefix() {
        assertEquals(CpuId.intel(19, 1, 0), CpuId.parse("intel:19/1"));
        assertEquals(CpuId.intel(6, 85, 4), CpuId.parse("intel:6/85/4"));
    }

    @Test
    void shouldReadNumbersLikeStrtolBaseZero() {
        // pt_cpu_parse uses strtol(.., 0): hex, octal and leading white space are accepted.
        assertEquals(CpuId.intel(6, 0x8e, 0), CpuId.parse("0x6/0x8e"));
        assertEquals(CpuId.intel(6, 8, 0), CpuId.parse("6/010"));
        assertEquals(CpuId.intel(6, 61, 0), CpuId.parse(" 6/+61"));
        assertEquals(CpuId.intel(0, 0, 0), CpuId.parse("-0/0"));
    }

    @Test
    void shouldAcceptEmptySteppingAsLibiptDoes() {
        assertEquals(CpuId.intel(6, 142, 0), CpuId.parse("6/142/"));
    }

    @Test
    void shouldAcceptMaximumValues() {
        assertEquals(CpuId.intel(65535, 255, 255), CpuId.parse("65535/255/255"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6", "6/", "/6", "6/142x", "6-142", "65536/1", "6/256",
        "6/1/256", "-6/1", "6/-1", "6/1/2/3", "6/1/ ", "amd:6/1", "intel:", "Auto", "6/08",
        "99999999999999999999/1", "6 /1"})
    void shouldRejectMalformedText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuId.parse(text));
        assertTrue(e.getMessage().contains("f/m[/s]"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void shouldParseNoneAsNoCpu() {
        assertSame(CpuId.NONE, CpuId.parse("none"));
        assertFalse(CpuId.NONE.isIntel());
        assertEquals("none", CpuId.NONE.toString());
    }

    @Test
    void shouldReadAutoFromCpuinfo(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(info, "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n"
                + "model\t\t: 167\nmodel name\t: Intel(R) Xeon(R) Processor\nstepping\t: 1\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 1\n");
        assertEquals(CpuId.intel(6, 167, 1), CpuId.parse("auto", info));
    }

    @Test
    void shouldSayNoErrataForAutoOnOtherVendor(@TempDir Path dir) throws IOException {
        Path info = dir.resolve("cpuinfo");
        Files.writeString(info, "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 33\n"
                + "stepping\t: 2\n");
        CpuId cpu = CpuId.parse("auto", info);
        assertEquals(CpuVendor.UNKNOWN, cpu.vendor());
        assertEquals("AuthenticAMD 25/33/2: not an Intel cpu, no errata", cpu.describe());
    }

    @Test
    void shouldNameFileWhenAutoCannotRead(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuId.parse("auto", missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void shouldReadThisMachineWithAuto() {
        // Any Linux machine has /proc/cpuinfo with these fields.
        CpuId cpu = CpuId.parse("auto");
        assertTrue(cpu.family() > 0, cpu.describe());
    }

    @Test
    void shouldRoundTripThroughToString() {
        CpuId cpu = CpuId.intel(6, 85, 7);
        assertEquals("intel:6/85/7", cpu.toString());
        assertEquals(cpu, CpuId.parse(cpu.toString()));
        assertEquals(cpu.hashCode(), CpuId.parse("6/85/7").hashCode());
    }

    @Test
    void shouldRejectOutOfRangeFactoryArguments() {
        assertThrows(IllegalArgumentException.class, () -> CpuId.intel(6, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> CpuId.intel(-1, 1, 0));
    }
}
