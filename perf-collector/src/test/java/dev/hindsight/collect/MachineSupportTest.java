package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineSupportTest {
    @TempDir
    Path root;

    private void machine(String vendor, String flags, String paranoid, String yama, String capEff,
            int uid, String... pmus) throws IOException {
        write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 6\n"
                + "model\t\t: 85\nstepping\t: 4\nmodel name\t: Test CPU\nflags\t\t: " + flags
                + "\n\nprocessor\t: 1\nflags\t\t: intel_pt\n");
        write("proc/sys/kernel/perf_event_paranoid", paranoid + "\n");
        if (yama != null) {
            write("proc/sys/kernel/yama/ptrace_scope", yama + "\n");
        }
        write("proc/self/status", "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t"
                + uid + "\nCapEff:\t" + capEff + "\n");
        write("proc/self/limits", "Limit                     Soft Limit           Hard Limit"
                + "           Units     \nMax locked memory         65536                unlimited"
                + "            bytes     \n");
        for (String p : pmus) {
            Files.createDirectories(root.resolve("sys/bus/event_source/devices").resolve(p));
        }
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void shouldChooseSwOnAVmWithoutPmu() throws IOException {
        machine("AuthenticAMD", "fpu sse2", "2", null, "0000000000000000", 1000, "software",
                "tracepoint");
        MachineSupport s = MachineSupport.probe(root);
        assertFalse(s.verdict(RecordMethod.PT).supported());
        assertTrue(s.verdict(RecordMethod.PT).reason().contains("does not report intel_pt"));
        assertEquals("BTS is an Intel feature; the CPU is AuthenticAMD",
                s.verdict(RecordMethod.BTS).reason());
        assertEquals(RecordMethod.SW, s.auto().method());
        assertTrue(s.report().contains("RLIMIT_MEMLOCK: 64 KiB soft, unlimited hard"));
        assertTrue(s.report().contains("auto: sw"));
    }

    @Test
    void shouldChoosePtWhenTheKernelOffersIntelPtAndPerfIsAllowed() throws IOException {
        machine("GenuineIntel", "fpu ds dtes64 bts intel_pt", "1", "1", "0000000000000000", 1000,
                "cpu", "intel_pt", "software");
        MachineSupport s = MachineSupport.probe(root);
        assertTrue(s.verdict(RecordMethod.PT).supported());
        assertTrue(s.verdict(RecordMethod.BTS).supported());
        assertEquals(RecordMethod.PT, s.auto().method());
        assertEquals("GenuineIntel 6/85/4", s.cpu().id());
    }

    @Test
    void shouldRefuseHardwareTracingForUnprivilegedUserWhenParanoid() throws IOException {
        machine("GenuineIntel", "ds dtes64 intel_pt", "2", "0", "0000000000000000", 1000, "cpu",
                "intel_pt");
        MachineSupport s = MachineSupport.probe(root);
        assertFalse(s.verdict(RecordMethod.PT).supported());
        assertTrue(s.verdict(RecordMethod.PT).reason().contains("perf_event_paranoid is 2"));
        assertEquals(RecordMethod.SW, s.auto().method());
    }

    @Test
    void shouldExplainBtsMissingPmuInAVm() throws IOException {
        machine("GenuineIntel", "ds dtes64 bts", "2", null, "000001fffeffffff", 0, "software");
        MachineSupport s = MachineSupport.probe(root);
        assertTrue(s.verdict(RecordMethod.BTS).reason().contains("no hardware PMU"));
    }

    @Test
    void shouldFindNoMethodWhenYamaForbidsPtrace() throws IOException {
        machine("AuthenticAMD", "fpu", "2", "3", "000001fffeffffff", 0);
        MachineSupport s = MachineSupport.probe(root);
        assertEquals("ptrace is disabled (Yama ptrace_scope 3)",
                s.verdict(RecordMethod.SW).reason());
        assertNull(s.auto());
        assertTrue(s.report().contains("auto: none"));
    }

    @Test
    void shouldNeedCapSysPtraceUnderYamaAdminOnly() throws IOException {
        machine("AuthenticAMD", "fpu", "2", "2", "0000000000000000", 1000);
        assertFalse(MachineSupport.probe(root).verdict(RecordMethod.SW).supported());
    }
}
