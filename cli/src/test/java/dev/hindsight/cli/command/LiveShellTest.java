package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end live sessions: {@code hindsight shell --record ... -batch -ex ...} on programs compiled here. */
class LiveShellTest {
    private static final String SOURCE = "int vals[4] = {5, 6, 7, 8};\n"   // 1
            + "char greeting[] = \"hello, world\";\n"                       // 2
            + "const char motto[] = \"read only\";\n"                       // 3
            + "int bar(int x) {\n"                                           // 4
            + "  vals[0] += x;\n"                                            // 5
            + "  return vals[0];\n"                                          // 6
            + "}\n"                                                          // 7
            + "int foo(int x) {\n"                                           // 8
            + "  int r = bar(x + 1);\n"                                      // 9
            + "  return r * 2;\n"                                            // 10
            + "}\n"                                                          // 11
            + "int main(int argc, char **argv) {\n"                          // 12
            + "  int s = greeting[0] + motto[0];\n"                          // 13
            + "  for (int i = 0; i < 2; i++)\n"                              // 14
            + "    s += foo(i);\n"                                           // 15
            + "  return argc > 1 ? 3 : 0;\n"                                 // 16
            + "}\n";

    @TempDir
    static Path dir;
    /** A PIE linked dynamically (the executable's base is known only once it runs). */
    private static Path pie;
    /** The same program linked statically (fast to record). */
    private static Path fixed;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path src = dir.resolve("live.c");
        Files.writeString(src, SOURCE);
        pie = dir.resolve("live-pie");
        fixed = dir.resolve("live-static");
        gcc("-g", "-O0", "-fpie", "-pie", "-o", pie.toString(), src.toString());
        gcc("-g", "-O0", "-static", "-o", fixed.toString(), src.toString());
    }

    private static void gcc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed");
    }

    private int run(String... args) {
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static List<String> shell(String... tail) {
        List<String> a = new ArrayList<>(List.of("shell", "--record", "-batch"));
        a.addAll(List.of(tail));
        return a;
    }

    private static List<String> ex(List<String> args, String... commands) {
        List<String> a = new ArrayList<>(args);
        for (String c : commands) {
            a.add("-ex");
            a.add(c);
        }
        return a;
    }

    private static Matcher find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no match for /" + regex + "/ in:\n" + text);
        return m;
    }

    private static long instructions(String text, int which) {
        Matcher m = Pattern.compile("^Recorded (\\d+) instructions in \\d+ functions \\(0 gaps\\) for thread 1 "
                + "\\(process (\\d+)\\)\\.$", Pattern.MULTILINE).matcher(text);
        for (int i = 0; i <= which; i++) {
            assertTrue(m.find(), "no info record #" + which + " in:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    private static int pid(String text) {
        return Integer.parseInt(find(text, "for thread 1 \\(process (\\d+)\\)\\.$").group(1));
    }

    @Test
    void shouldStopAtABreakpointAndShowLiveMemoryThenApplyTheReplayMemoryRules() {
        List<String> a = ex(shell("--break", "foo"), "info record", "x/s greeting", "x/4xw &vals", "x/s motto",
                "p $pc", "p $rax", "record goto begin", "x/4xw &vals", "x/s greeting", "x/s motto", "p $pc",
                "p $rax", "info registers rip", "record instruction-history 1,2",
                "set record btrace replay-memory-access read-write", "x/4xw &vals", "set var {int}&vals = 1", "record goto end",
                "break bar", "continue", "continue", "info record", "x/4xw &vals", "info breakpoints",
                "set var {int}&vals = 0x41", "x/xw &vals", "record goto begin",
                "set record btrace replay-memory-access read-only", "set var {int}&vals = 0x42");
        a.add("--");
        a.add(pie.toString());
        // One command fails: the write while replaying read-only.
        assertEquals(1, run(a.toArray(String[]::new)), err.toString());
        String o = out.toString();
        find(o, "^Breakpoint 1 at 0x[0-9a-f]+: file live\\.c, line 9\\.$");
        find(o, "^\\nBreakpoint 1, foo \\(.*\\) at live\\.c:9\\n9\\t  int r = bar\\(x \\+ 1\\);$");
        long first = instructions(o, 0);
        String greeting = find(o, "^(0x[0-9a-f]+) <greeting>:\\t\"hello, world\"$").group(1);
        find(o, "^0x[0-9a-f]+ <vals>:\\t0x00000005\\t0x00000006\\t0x00000007\\t0x00000008$");
        find(o, "^0x[0-9a-f]+ <motto>:\\t\"read only\"$");
        find(o, "^\\$1 = \\(void \\(\\*\\)\\(\\)\\) 0x[0-9a-f]+ <foo\\+\\d+>$");
        find(o, "^\\$2 = -?\\d+$");
        // Replaying from the first instruction: writable memory is unavailable, rodata readable.
        find(o, "^0x[0-9a-f]+ <vals>:\\t<unavailable>\\t<unavailable>\\t<unavailable>\\t<unavailable>$");
        find(o, "^" + greeting + " <greeting>:\\t<error: Cannot access memory at address " + greeting + ">$");
        assertEquals(2, o.split("<motto>:\t\"read only\"", -1).length - 1, o);
        String begin = find(o, "^\\$3 = \\(void \\(\\*\\)\\(\\)\\) (0x[0-9a-f]+)").group(1);
        find(o, "^\\$4 = <unavailable>$");
        find(o, "^rip            " + begin + " +" + begin);
        // The disassembly reads code, which stays readable while replaying.
        Matcher insn = find(o, "^1\\t=> 0x0*" + begin.substring(2) + "( <[^>]+>)?:\\t\\S+.*\\n2\\t   0x[0-9a-f]{16}");
        assertTrue(insn.group().length() > 0);
        // read-write: the live process answers again (after the rules made it unavailable).
        int unavailable = o.indexOf("<vals>:\t<unavailable>");
        assertTrue(o.indexOf("<vals>:\t0x00000005\t0x00000006", unavailable) > unavailable, o);
        // continue runs the program on, recorded: bar's breakpoint, then foo's again; the history grew.
        find(o, "^Breakpoint 2 at 0x[0-9a-f]+: file live\\.c, line 5\\.$");
        find(o, "^Continuing\\.\\n\\nBreakpoint 2, bar \\(.*\\) at live\\.c:5\\n5\\t  vals\\[0\\] \\+= x;$");
        find(o, "^Continuing\\.\\n\\nBreakpoint 1, foo \\(.*\\) at live\\.c:9\\n");
        long second = instructions(o, 1);
        assertTrue(second > first + 10, first + " -> " + second);
        // vals[0] was set to 1 (replaying, read-write: the live process), then bar added 1.
        find(o, "^0x[0-9a-f]+ <vals>:\\t0x00000002\\t0x00000006\\t0x00000007\\t0x00000008$");
        find(o, "^0x[0-9a-f]+ <vals>:\\t0x00000041$");
        assertEquals("Cannot access memory at address " + find(o, "^(0x[0-9a-f]+) <vals>:").group(1),
                err.toString().strip());
        find(o, "^1       breakpoint     keep y   0x[0-9a-f]{16} in foo at live\\.c:9\\n"
                + "\\tbreakpoint already hit 2 times$");
        // The launched program is killed at the end of the session.
        assertFalse(Files.exists(Path.of("/proc", Integer.toString(pid(o)))), o);
    }

    @Test
    void shouldStepAtTheLivePositionRunToTheEndAndSaveTheBundle() {
        Path hsb = dir.resolve("saved.hsb");
        List<String> a = ex(shell("--break", "live.c:5", "-o", hsb.toString()), "info record", "stepi 2",
                "info record", "p $pc", "until", "delete", "continue", "info record");
        a.add("--");
        a.add(fixed.toString());
        assertEquals(1, run(a.toArray(String[]::new)), err.toString());
        String o = out.toString();
        find(o, "^Breakpoint 1, bar \\(.*\\) at live\\.c:5$");
        long atBreak = instructions(o, 0);
        find(o, "^0x[0-9a-f]{16}\\t5\\t  vals\\[0\\] \\+= x;$");
        assertEquals(atBreak + 2, instructions(o, 1));
        assertEquals("\"until\" at the live position is not supported yet; use break LOCATION and continue.",
                err.toString().strip().lines().reduce((x, y) -> y).orElse(""));
        find(o, "^Continuing\\.\\n\\[Inferior 1 \\(process \\d+\\) exited normally\\]$");
        long atEnd = instructions(o, 2);
        assertTrue(atEnd > atBreak + 20);
        // The bundle holds the whole history and opens like any other.
        assertTrue(Files.exists(hsb));
        out.getBuffer().setLength(0);
        assertEquals(0, run("shell", "--bundle", hsb.toString(), "-batch", "-ex", "info record", "-ex",
                "x/s motto", "-ex", "x/xw &vals"));
        String b = out.toString();
        assertEquals(atEnd, instructions(b, 0));
        find(b, "^0x[0-9a-f]+ <motto>:\\t\"read only\"$");
        find(b, "^0x[0-9a-f]+ <vals>:\\t<unavailable>$");
    }

    /**
     * gdb 13's output for the same commands on the same program (observed; arguments aside, which
     * are shown here as {@code (...)}, and "Run till exit" which gdb prints only from a terminal).
     */
    private static final String[] GDB_STEPS = {
        "Breakpoint 1, foo (...) at live.c:9", "9\t  int r = bar(x + 1);",
        "bar (...) at live.c:5", "5\t  vals[0] += x;",
        "6\t  return vals[0];",
        "Run till exit from #0  bar (...) at live.c:6",
        "ADDR in foo (...) at live.c:9", "9\t  int r = bar(x + 1);",
        "10\t  return r * 2;",
        "11\t}",
        "main (...) at live.c:14", "14\t  for (int i = 0; i < 2; i++)",
        "15\t    s += foo(i);",
        "", "Breakpoint 1, foo (...) at live.c:9", "9\t  int r = bar(x + 1);",
        "bar (...) at live.c:5", "5\t  vals[0] += x;",
        "Run till exit from #0  bar (...) at live.c:5",
        "ADDR in foo (...) at live.c:9", "9\t  int r = bar(x + 1);",
        "Run till exit from #0  ADDR in foo (...) at live.c:9",
        "ADDR in main (...) at live.c:15", "15\t    s += foo(i);",
        "14\t  for (int i = 0; i < 2; i++)",
        "ADDR\t14\t  for (int i = 0; i < 2; i++)",
        "ADDR\t16\t  return argc > 1 ? 3 : 0;",
        "17\t}",
    };

    @Test
    void shouldStepNextAndFinishAtTheLivePositionAsGdbDoes() {
        List<String> a = ex(shell("--break", "foo"), "step", "next", "finish", "next", "next", "next", "step",
                "step", "step", "finish", "finish", "nexti", "stepi", "stepi 4", "next");
        assertEquals(0, run(withProgram(a, fixed.toString())), err.toString());
        StringBuilder want = new StringBuilder("^");
        for (String line : GDB_STEPS) {
            want.append(Pattern.quote(line).replace("(...)", "\\E\\(.*\\)\\Q").replace("ADDR", "\\E0x[0-9a-f]{16}\\Q"))
                    .append("\\n");
        }
        find(out.toString(), want.toString());
    }

    @Test
    void shouldEndTheBacktraceAtMainAndNameBadLinesAsGdbDoes() {
        List<String> a = ex(shell("--break", "bar"), "bt", "break live.c:999", "break nosuch.c:3", "break live.c:14");
        assertEquals(1, run(withProgram(a, fixed.toString())));
        String o = out.toString();
        // gdb's default "backtrace past-main off": main's callers (libc's start code) are not shown,
        // and main's caller unwinds, so no "Backtrace stopped" either.
        find(o, "^#0  bar \\(.*\\) at live\\.c:5\\n#1  0x[0-9a-f]{16} in foo \\(.*\\) at live\\.c:9\\n"
                + "#2  0x[0-9a-f]{16} in main \\(.*\\) at live\\.c:15\\nBreakpoint 2 at 0x[0-9a-f]+: file live\\.c, line 14\\.$");
        assertEquals("No line 999 in file \"live.c\".\nNo source file named nosuch.c.", err.toString().strip());
    }

    @Test
    void shouldStopAtAnAddressAndAnswerTheQuitQuestionItselfWithoutATerminal() throws Exception {
        assertEquals(0, run(withProgram(shell("--break", "foo"), fixed.toString())));
        String address = find(out.toString(), "^Breakpoint 1 at (0x[0-9a-f]+):").group(1);
        out.getBuffer().setLength(0);
        java.io.InputStream saved = ShellCommand.stdin;
        ShellCommand.stdin = new java.io.ByteArrayInputStream("info record\nquit\n".getBytes(StandardCharsets.UTF_8));
        try {
            assertEquals(0, run("shell", "--record", "--break", "*" + address, "--", fixed.toString()));
        } finally {
            ShellCommand.stdin = saved;
        }
        String o = out.toString();
        find(o, "^\\nBreakpoint 1, foo \\(.*\\) at live\\.c:9\\n");
        find(o, "^\\(hindsight\\) A debugging session is active\\.\\n\\n\\tInferior 1 \\[process " + pid(o)
                + "\\] will be killed\\.\\n\\nQuit anyway\\? \\(y or n\\) \\[answered Y; input not from terminal\\]$");
        assertFalse(Files.exists(Path.of("/proc", Integer.toString(pid(o)))));
    }

    @Test
    void shouldStopRecordingButKeepTheLiveProcess() {
        List<String> a = ex(shell("--break", "bar"), "record goto begin", "record stop", "info record", "p $rax",
                "record instruction-history", "record", "continue", "x/xw &vals");
        assertEquals(1, run(withProgram(a, fixed.toString())));
        String o = out.toString();
        find(o, "^Process record is stopped and all execution logs are deleted\\.\\nNo recording is currently active\\.\\n"
                + "\\$1 = -?\\d+$");
        find(o, "^Continuing\\.\\n\\nBreakpoint 1, bar \\(.*\\) at live\\.c:5\\n");
        find(o, "^0x[0-9a-f]+ <vals>:\\t0x00000006$");
        assertEquals("No recording is currently active.\nUse the \"record full\" or \"record btrace\" command first.\n"
                + "Recording again after \"record stop\" is not supported in a live session yet.", err.toString().strip());
    }

    @Test
    void shouldReportTheExitCodeAsGdbDoes() {
        assertEquals(0, run(withProgram(ex(shell(), "info record", "p $rax"), fixed.toString(), "x")));
        String o = out.toString();
        find(o, "^\\[Inferior 1 \\(process \\d+\\) exited with code 03\\]$");
        instructions(o, 0);
        find(o, "^\\$1 = <unavailable>$");
    }

    private static String[] withProgram(List<String> args, String... program) {
        List<String> a = new ArrayList<>(args);
        a.add("--");
        a.addAll(List.of(program));
        return a.toArray(String[]::new);
    }

    @Test
    void shouldAttachAndDetachLeavingTheProcessRunning() throws IOException, InterruptedException {
        Path src = dir.resolve("tick.c");
        Files.writeString(src, "#include <unistd.h>\nvolatile int ticks;\n"
                + "int main(void) { for (;;) { ticks++; usleep(1000); } }\n");
        Path tick = dir.resolve("tick");
        gcc("-g", "-O0", "-o", tick.toString(), src.toString());
        // Through a shell, so that the JDK's reaper does not wait for (and steal) its stops.
        Process sh = new ProcessBuilder("/bin/sh", "-c", tick + " >/dev/null 2>&1 & echo $!").start();
        int pid = Integer.parseInt(new String(sh.getInputStream().readAllBytes()).trim());
        try {
            Thread.sleep(100);
            assertEquals(0, run(ex(shell("--pid", Integer.toString(pid), "--max-instructions", "3000"),
                    "info record", "x/xw &ticks", "p $sp").toArray(String[]::new)), err.toString());
            String o = out.toString();
            find(o, "^\\nProgram stopped\\.$");
            assertEquals(pid, pid(o));
            find(o, "^0x[0-9a-f]+ <ticks>:\\t0x[0-9a-f]{8}$");
            find(o, "^\\$1 = \\(void \\*\\) 0x7[0-9a-f]+$");
            find(o, "^\\[Inferior 1 \\(process " + pid + "\\) detached\\]$");
            Thread.sleep(50);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            String state = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("State:")).findFirst().orElse("");
            assertFalse(state.contains("t (tracing stop)"), state);
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldFailWithOneLineForBadInput() {
        assertEquals(2, run("shell", "--record", "-batch"));
        assertEquals("hindsight: nothing to record: give -- PROG ARGS... or --pid PID", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("shell", "--break", "foo", "--bundle", "x.hsb", "-batch"));
        assertEquals("hindsight: --break, --pid, -m, -o, --max-instructions, --no-aslr and a program need --record",
                err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(1, run(withProgram(shell("--break", "nosuch"), fixed.toString())));
        assertEquals("hindsight: Function \"nosuch\" not defined.", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run(withProgram(shell("-o", "x.rec"), fixed.toString())));
        assertEquals("hindsight: -o: a live session writes a trace bundle: give FILE.hsb", err.toString().strip());
    }

    @Test
    void shouldRefuseHardwareMethodsAsRecordDoes() {
        boolean pt = Files.isDirectory(Path.of("/sys/bus/event_source/devices/intel_pt"));
        assertEquals(1, run(withProgram(shell("-m", "bts"), fixed.toString())));
        String live = err.toString().strip();
        err.getBuffer().setLength(0);
        run("record", "-m", "bts", "-o", dir.resolve("bts.hsb").toString(), "--", fixed.toString());
        String recorded = err.toString().strip();
        if (!pt && recorded.startsWith("hindsight: -m bts is not supported on this machine")) {
            assertEquals(recorded, live);
        } else {
            assertTrue(live.startsWith("hindsight: -m bts "), live);
        }
        assertEquals(1, live.lines().count(), live);
    }
}
