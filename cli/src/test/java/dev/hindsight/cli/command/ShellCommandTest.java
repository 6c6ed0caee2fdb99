package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.bundle.BundleWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hindsight shell} sessions run in-process: gdb-style {@code -batch -ex}, a command file and
 * a script on stdin (not a terminal), over BTS records of hist.c's {@code main -> foo -> bar}.
 */
class ShellCommandTest {
    /** main calls foo, foo calls bar, both return; the current pc is main's pop (see hist.c). */
    private static final long[] RECORDS = {0x1000, 0x401145, 0x40114e, 0x401125, 0x401135, 0x401106,
        0x401124, 0x40113a, 0x401144, 0x401153};

    @TempDir
    static Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void files() throws IOException {
        try (InputStream in = ShellCommandTest.class.getResourceAsStream("/dev/hindsight/cli/shell/hist")) {
            Files.write(dir.resolve("hist"), in.readAllBytes());
        }
        try (InputStream in = ShellCommandTest.class.getResourceAsStream("/dev/hindsight/cli/shell/hist.c")) {
            Files.write(dir.resolve("hist.c"), in.readAllBytes());
        }
        ByteBuffer ds = ByteBuffer.allocate(RECORDS.length / 2 * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < RECORDS.length; i += 2) {
            ds.putLong(RECORDS[i]).putLong(RECORDS[i + 1]).putLong(0);
        }
        Files.write(dir.resolve("hist.ds"), ds.array());
    }

    private int shell(String... args) {
        List<String> all = new ArrayList<>(List.of("shell", "--bts", "hist.ds", "--bts-format", "ds", "--elf", "hist",
                "--pc", "0x401156"));
        all.addAll(List.of(args));
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir)
                .execute(all.toArray(String[]::new));
    }

    private int batch(String... commands) {
        List<String> args = new ArrayList<>(List.of("-batch"));
        for (String c : commands) {
            args.add("-ex");
            args.add(c);
        }
        return shell(args.toArray(String[]::new));
    }

    @Test
    void shouldReplayASessionOfAbbreviatedCommands() {
        assertEquals(0, batch("info rec", "rs", "rs", "bt", "rsi", "reverse-finish", "s", "n", "fin", "info record"));
        assertEquals("""
                Active record target: record-btrace
                Recording format: Branch Trace Store.
                Buffer size: 120.
                Recorded 28 instructions in 5 functions (0 gaps) for thread 1 (process 1).
                17\t  return foo (3) & 1;
                foo (x=<unavailable>) at hist.c:13
                13\t}
                #0  foo (x=<unavailable>) at hist.c:13
                #1  0x0000000000401153 in main () at hist.c:17
                Backtrace stopped: not enough registers or memory available to unwind further
                0x0000000000401140\t12\t  return r + 1;
                Run back to call of #0  0x0000000000401140 in foo (x=<unavailable>) at hist.c:12
                0x000000000040114e in main () at hist.c:17
                17\t  return foo (3) & 1;
                foo (x=<unavailable>) at hist.c:11
                11\t  int r = bar (x);
                12\t  return r + 1;
                Run till exit from #0  foo (x=<unavailable>) at hist.c:12
                main () at hist.c:17
                17\t  return foo (3) & 1;
                Active record target: record-btrace
                Recording format: Branch Trace Store.
                Buffer size: 120.
                Recorded 28 instructions in 5 functions (0 gaps) for thread 1 (process 1).
                Replay in progress.  At instruction 28.
                """, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void shouldReportUnknownAndAmbiguousCommandsAndExitNonZero() {
        assertEquals(1, batch("foo", "re", "record bar", "info record"));
        assertEquals("""
                Undefined command: "foo".  Try "help".
                Ambiguous command "re": record, reverse-continue, reverse-finish, reverse-next, reverse-nexti, reverse-step, reverse-stepi.
                Undefined record command: "bar".  Try "help record".
                """, err.toString());
        assertEquals(4, out.toString().lines().count());
    }

    @Test
    void shouldSetAndShowRecordSettingsWithGdbsTexts() {
        assertEquals(1, batch("set record instruction-history-size 3", "show record instruction-history-size",
                "set record function-call-history-size unlimited", "show record function-call-history-size",
                "set record btrace replay-memory-access read-write", "show record btrace replay-memory-access",
                "set record btrace cpu intel: 6/158/9", "show record btrace cpu", "set record btrace cpu none",
                "show record btrace cpu", "set record btrace cpu intel:6/158/1/1",
                "set record btrace cpu intel: 6/256", "set record btrace cpu amd:1/2",
                "set record btrace replay-memory-access foo", "set record instruction-history-size 2147483648",
                "record instruction-history"));
        assertEquals("""
                Number of instructions to print in "record instruction-history" is 3.
                Number of functions to print in "record function-call-history" is unlimited.
                Replay memory access is read-write.
                btrace cpu is 'intel: 6/158/9'.
                btrace cpu is 'none'.
                26\t   0x0000000000401143 <foo+30>:\tleave
                27\t   0x0000000000401144 <foo+31>:\tret
                28\t   0x0000000000401153 <main+14>:\tand    $0x1,%eax
                """, out.toString().replaceAll("\t(leave|ret)\\s*\n", "\t$1\n"));
        assertEquals("""
                Trailing junk: '/1'.
                Cpu model too big.
                Bad format.  See "help set record btrace cpu".
                Undefined item: "foo".
                integer 2147483648 out of range
                """, err.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"flow, 121170, 529, 118", "libipt, 149691, 557, 115"})
    void shouldDecodeAgainWhenTheBtraceCpuChanges(String decoder, int noneCount, int noneFunctions, int noneGaps) {
        // libxdc's Unzip needs the BDM70 workaround of its cpu (6/94): libipt master decodes
        // 149,576 instructions with it, 121,052 without (realtraces README), as our flow decoder
        // does; Debian's libipt 2.0.5 decodes it alike either way. gdb numbers each gap as an
        // instruction: 115 gaps where tracing left the filter range, 118 without errata.
        Path unzip = Path.of(System.getProperty("hindsight.shared"), "realtraces/libxdc/Unzip");
        int rc = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir).execute("shell",
                "--pt", unzip.resolve("trace.pt").toString(), "--page-dump", unzip.toString(), "--cpu", "6/94",
                "--decoder", decoder,
                "-batch", "-ex", "info record", "-ex", "record goto 100", "-ex", "set record btrace cpu none",
                "-ex", "info record", "-ex", "set record btrace cpu none", "-ex", "record goto 100",
                "-ex", "set record btrace cpu intel: 6/94", "-ex", "info record", "-ex", "record goto 100",
                "-ex", "set record btrace cpu auto", "-ex", "info record", "-ex", "show record btrace cpu");
        List<String> recorded = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (l.startsWith("Recorded ") || l.startsWith("Replay ")) {
                recorded.add(l);
            }
        }
        assertEquals(List.of(
                "Recorded 149691 instructions in 557 functions (115 gaps) for thread 1 (process 1).",
                // Decoded again: replay stopped (no "Replay in progress").
                "Recorded " + noneCount + " instructions in " + noneFunctions + " functions (" + noneGaps
                        + " gaps) for thread 1 (process 1).",
                "Recorded 149691 instructions in 557 functions (115 gaps) for thread 1 (process 1).",
                // auto is the trace's own cpu, 6/94 as decoded: nothing changes, replay goes on.
                "Recorded 149691 instructions in 557 functions (115 gaps) for thread 1 (process 1).",
                "Replay in progress.  At instruction 100."), recorded);
        assertTrue(out.toString().endsWith("btrace cpu is 'auto'.\n"), out.toString());
        // Each decode warns about its gaps, as gdb's fetch does: the first and the two new ones.
        List<String> warnings = err.toString().lines().toList();
        assertTrue(warnings.stream().allMatch(w -> w.startsWith("warning: ")), err.toString());
        assertEquals(115 + noneGaps + 115, warnings.size());
        assertEquals(0, rc);
    }

    @Test
    void shouldRefuseToDecodeForAnUnknownCpuAndKeepTheHistory() {
        Path unzip = Path.of(System.getProperty("hindsight.shared"), "realtraces/libxdc/Unzip");
        int rc = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir).execute("shell",
                "--pt", unzip.resolve("trace.pt").toString(), "--page-dump", unzip.toString(), "--cpu", "6/94",
                "-batch", "-ex", "set record btrace cpu intel: 6/1", "-ex", "info record");
        assertTrue(err.toString().endsWith("\nFailed to configure the Intel Processor Trace decoder: unknown cpu.\n"),
                err.toString());
        assertTrue(out.toString().contains("Recorded 149691 instructions"), out.toString());
        assertEquals(1, rc);
    }

    @Test
    void shouldKeepABtsHistoryWhenTheBtraceCpuChanges() {
        assertEquals(0, batch("record goto 3", "set record btrace cpu none", "info record"));
        assertTrue(out.toString().endsWith("Replay in progress.  At instruction 3.\n"), out.toString());
    }

    @Test
    void shouldShowArgumentsAndEntryValuesOfAnOptimizedPieRecording() throws Exception {
        Path src = dir.resolve("args.c");
        Files.writeString(src, """
                __attribute__((noipa)) int bar (int x, int y) { return x * y; }
                __attribute__((noipa)) int foo (int x) { return bar (x + 1, 2) + 1; }
                int main (int argc, char **argv) { return foo (argc) > 100; }
                """);
        Path prog = dir.resolve("args");
        Process p = new ProcessBuilder("gcc", "-g", "-O2", "-pie", "-fpie", "-o", prog.toString(), src.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        Path hsb = dir.resolve("args.hsb");
        assertEquals(0, Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir)
                .execute("record", "-m", "sw", "-o", hsb.toString(), "--", prog.toString()));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int rc = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir).execute("shell",
                "--bundle", hsb.toString(), "-batch", "-ex", "break bar", "-ex", "reverse-continue", "-ex", "bt",
                "-ex", "finish", "-ex", "frame");
        assertEquals(0, rc, err.toString());
        // Live gdb 13.1 on the same program prints "bar (x=2, y=y@entry=2)",
        // "foo (x=<optimized out>)" and "main (argc=<optimized out>, argv=<optimized out>)":
        // replaying, x is unavailable and its entry value (foo's x + 1, from main's argc) is not
        // known without main's caller's call site, y's entry value is foo's constant 2.
        String bar = "bar (x=<unavailable>, y=<unavailable>, y@entry=2) at " + src + ":1";
        String o = out.toString();
        assertTrue(o.contains("\nBreakpoint 1, " + bar + "\n"), o);
        assertTrue(o.contains("\n#0  " + bar + "\n"), o);
        assertTrue(o.contains(" in foo (x=<optimized out>) at " + src + ":2\n"), o);
        assertTrue(o.contains(" in main (argc=<optimized out>, argv=<optimized out>) at " + src + ":3\n"), o);
        assertTrue(o.contains("Run till exit from #0  " + bar + "\n"), o);
        // The PIE was loaded at a random base: the breakpoint is in its relocated code.
        assertFalse(o.startsWith("Breakpoint 1 at 0x1"), o);
    }

    @Test
    void shouldSetBreakpointsAndContinueBackwardsToThem() {
        assertEquals(0, batch("break bar", "rc", "bt", "info breakpoints", "delete", "rc"));
        assertEquals("""
                Breakpoint 1 at 0x40110d: file hist.c, line 5.
                Continuing.

                Breakpoint 1, bar (x=<unavailable>) at hist.c:5
                """ + """
                5\t  glob += x;
                #0  bar (x=<unavailable>) at hist.c:5
                #1  0x000000000040113a in foo (x=<unavailable>) at hist.c:11
                #2  0x0000000000401153 in main () at hist.c:17
                Backtrace stopped: not enough registers or memory available to unwind further
                Num     Type           Disp Enb Address            What
                1       breakpoint     keep y   0x000000000040110d in bar at hist.c:5
                \tbreakpoint already hit 1 time
                Continuing.

                No more reverse-execution history.
                main () at hist.c:16
                16\t{
                """, out.toString());
    }

    @Test
    void shouldReadAScriptFromStdinWithPromptsAndRepeatOnEnter() {
        InputStream saved = ShellCommand.stdin;
        ShellCommand.stdin = new ByteArrayInputStream("""
                rsi

                record instruction-history 1,2

                record function-call-history /c -

                q
                """.getBytes(StandardCharsets.UTF_8));
        try {
            assertEquals(0, shell());
        } finally {
            ShellCommand.stdin = saved;
        }
        assertEquals("""
                (hindsight) 17\t  return foo (3) & 1;
                (hindsight) 0x0000000000401144 in foo (x=<unavailable>) at hist.c:13
                13\t}
                (hindsight) 1\t   0x0000000000401145 <main+0>:\tpush   %rbp
                2\t   0x0000000000401146 <main+1>:\tmov    %rsp,%rbp
                (hindsight) (hindsight) 1\tmain
                2\t  foo
                3\t    bar
                4\t  foo
                5\tmain
                (hindsight) At the start of the branch trace record.
                (hindsight)\s""", out.toString());
    }

    @Test
    void shouldRunACommandFileAndStopAtItsFirstError() throws IOException {
        Files.writeString(dir.resolve("cmds"), "record goto 12\nframe\nnonsense\ninfo record\n");
        assertEquals(1, shell("-batch", "-x", "cmds"));
        assertEquals("#0  bar (x=<unavailable>) at hist.c:4\n4\t{\n#0  bar (x=<unavailable>) at hist.c:4\n4\t{\n", out.toString());
        assertEquals("Undefined command: \"nonsense\".  Try \"help\".\n", err.toString());
    }

    @Test
    void shouldOpenATraceBundle() throws IOException {
        Path hsb = dir.resolve("hist.hsb");
        try (BundleWriter w = BundleWriter.create(hsb)) {
            w.method("bts").cpu(new BundleManifest.Cpu("GenuineIntel", 6, 158, 9));
            try (InputStream in = Files.newInputStream(dir.resolve("hist.ds"))) {
                w.addThread(7, BundleManifest.KIND_BTS, in, List.of(), List.of(), 0x401145, 0x401156);
            }
            w.addFileImage(0x401000, 0x401161, dir.resolve("hist"), 0x1000, 0);
            w.commit();
        }
        int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir)
                .execute("shell", "--bundle", "hist.hsb", "-batch", "-ex", "record goto 12", "-ex", "finish");
        assertEquals(0, code, err.toString());
        assertEquals("""
                #0  bar (x=<unavailable>) at hist.c:4
                4\t{
                Run till exit from #0  bar (x=<unavailable>) at hist.c:4
                0x000000000040113a in foo (x=<unavailable>) at hist.c:11
                11\t  int r = bar (x);
                """, out.toString());
        assertEquals(1, Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir)
                .execute("shell", "--bundle", "hist.hsb", "--tid", "3", "-batch"));
        assertEquals("hindsight: hist.hsb: no thread 3 (threads: [7])", err.toString().strip());
    }

    @Test
    void shouldQuitBeforeLaterCommands() {
        assertEquals(0, batch("quit", "info record"));
        assertEquals("", out.toString());
    }

    private int motion(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bts", "hist.ds", "--bts-format", "ds", "--elf", "hist", "--pc", "0x401156"));
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), dir)
                .execute(all.toArray(String[]::new));
    }

    @Test
    void shouldRunEachMotionAsASubcommandAsTheShellDoes() {
        assertEquals(0, batch("record goto 14", "finish"));
        String viaShell = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, motion("finish", "--goto", "14"));
        assertEquals(viaShell, out.toString());
        assertTrue(viaShell.contains("Run till exit from #0 "), viaShell);
    }

    @Test
    void shouldStopAMotionSubcommandAtABreakpoint() {
        assertEquals(0, motion("reverse-continue", "--break", "bar"));
        assertTrue(out.toString().contains("bar (x=<unavailable>) at hist.c:"), out.toString());
    }

    @Test
    void shouldFailAMotionSubcommandThatCannotMove() {
        assertEquals(1, motion("finish", "--goto", "1"));
        assertTrue(err.toString().contains("\"finish\" not meaningful in the outermost frame."), err.toString());
    }
}
