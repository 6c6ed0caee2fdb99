package dev.hindsight.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.UserError;
import dev.hindsight.collect.MachineSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Demo} on described machines. */
class DemoTest {
    @TempDir
    Path dir;

    /** A machine without tracing hardware whose Yama {@code ptrace_scope} is {@code scope}. */
    private MachineSupport machine(String scope) throws Exception {
        Path root = dir.resolve("machine");
        Files.createDirectories(root.resolve("proc/sys/kernel/yama"));
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/cpuinfo"),
                "vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\nstepping\t: 1\n"
                + "flags\t\t: fpu sse2\n");
        Files.writeString(root.resolve("proc/sys/kernel/yama/ptrace_scope"), scope + "\n");
        Files.writeString(root.resolve("proc/self/status"), "Uid:\t1000\t1000\t1000\t1000\n"
                + "CapEff:\t0000000000000000\n");
        return MachineSupport.probe(root);
    }

    @Test
    void shouldStopWithOneLineWhenPtraceIsNotPermitted() throws Exception {
        StringWriter out = new StringWriter();
        Path keep = dir.resolve("keep");
        UserError e = assertThrows(UserError.class, () -> new Demo("gcc", keep, machine("3"),
                new PrintWriter(out, true)).run());
        assertEquals("no recording method works here: no pt: the CPU (AuthenticAMD) does not"
                + " report intel_pt, and the kernel offers no intel_pt PMU in"
                + " /sys/bus/event_source/devices; no bts: BTS is an Intel feature; the CPU is"
                + " AuthenticAMD; no sw: ptrace is disabled (Yama ptrace_scope 3)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(out.toString().contains("  sw   no: ptrace is disabled"), out.toString());
        assertFalse(Files.exists(keep.resolve("demo.hsb")));
    }

    @Test
    void shouldPickSwOnAMachineWithoutTracingHardware() throws Exception {
        StringWriter out = new StringWriter();
        new Demo("gcc", null, machine("1"), new PrintWriter(out, true)).run();
        String text = out.toString();
        assertTrue(text.contains("cpu: AuthenticAMD 25/1/1"), text);
        assertTrue(text.contains("  pt   no: the CPU (AuthenticAMD) does not report intel_pt"), text);
        assertTrue(text.contains("  bts  no: BTS is an Intel feature"), text);
        assertTrue(text.contains("(pt, then bts, then sw): sw\n"), text);
        assertTrue(text.contains("Recording format: Branch Trace Store."), text);
        assertTrue(text.contains("The trace below is synthesised, not written by hardware."), text);
        assertTrue(text.contains("Recording format: Intel Processor Trace."), text);
    }

    @Test
    void shouldPrintTheFirstPageOfALongCallHistory() throws Exception {
        StringWriter out = new StringWriter();
        new Demo("gcc", null, machine("1"), new PrintWriter(out, true), 5).run();
        String text = out.toString();
        assertFalse(text.contains("set record function-call-history-size unlimited"), text);
        String page = text.substring(text.indexOf("(gdb) record function-call-history /ilc 1,+10\n"),
                text.indexOf("(gdb) record instruction-history /m"));
        assertEquals(11, page.lines().count(), page);
        assertTrue(page.contains("\n10\t"), page);
        assertFalse(page.contains("\n11\t"), page);
    }
}
