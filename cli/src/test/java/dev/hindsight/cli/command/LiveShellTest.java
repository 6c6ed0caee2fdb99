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
     * gdb 13.1's output for the same commands on the same program (observed; addresses shown as
     * {@code ADDR}, and "Run till exit" which gdb prints only from a terminal).
     */
    private static final String[] GDB_STEPS = {
        "Breakpoint 1, foo (x=0) at live.c:9", "9\t  int r = bar(x + 1);",
        "bar (x=1) at live.c:5", "5\t  vals[0] += x;",
        "6\t  return vals[0];",
        "Run till exit from #0  bar (x=1) at live.c:6",
        "ADDR in foo (x=0) at live.c:9", "9\t  int r = bar(x + 1);",
        "Value returned is $1 = 6",
        "10\t  return r * 2;",
        "11\t}",
        "main (argc=1, argv=ADDR) at live.c:14", "14\t  for (int i = 0; i < 2; i++)",
        "15\t    s += foo(i);",
        "", "Breakpoint 1, foo (x=1) at live.c:9", "9\t  int r = bar(x + 1);",
        "bar (x=2) at live.c:5", "5\t  vals[0] += x;",
        "Run till exit from #0  bar (x=2) at live.c:5",
        "ADDR in foo (x=1) at live.c:9", "9\t  int r = bar(x + 1);",
        "Value returned is $2 = 8",
        "Run till exit from #0  ADDR in foo (x=1) at live.c:9",
        "ADDR in main (argc=1, argv=ADDR) at live.c:15", "15\t    s += foo(i);",
        "Value returned is $3 = 16",
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
            want.append(Pattern.quote(line).replace("ADDR", "\\E0x[0-9a-f]+\\Q"))
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

    private static final String TYPES = """
            #include <stdbool.h>
            #include <stddef.h>
            struct pt { int x, y; };
            enum color { RED, GREEN = 5, BLUE };
            static volatile int sink;
            __attribute__((noinline)) double leaf(char c, unsigned char uc, short s, unsigned u, long l, bool b,
                                                  double d, float f, const char *str, int *p, struct pt pt,
                                                  enum color col, void *nul) {
              sink = c + uc + s + u + l + b + (int)d + (int)f + str[0] + *p + pt.x + col + (nul != NULL);
              return d * 2;
            }
            __attribute__((noinline)) int mid(int n, const char *name) {
              int k = n * 3;
              struct pt q = { n, k };
              double r = leaf('a', 200, -7, 4000000000u, -1234567890123L, true, 2.5, 0.1f, name, &k, q, GREEN, NULL);
              return (int)r + k;
            }
            int main(int argc, char **argv) {
              return mid(argc + 1, "hello\\tworld") > 0 ? 0 : 1;
            }
            """;

    private static final String LEAF_O0 = "leaf (c=97 'a', uc=200 '\\310', s=-7, u=4000000000, l=-1234567890123, b=true, "
            + "d=2.5, f=0.100000001, str=0x555555556008 \"hello\\tworld\", p=STACK, pt=..., col=GREEN, nul=0x0) at types.c:9";
    private static final String LEAF_O2 = "leaf (c=c@entry=97 'a', uc=uc@entry=200 '\\310', s=s@entry=-7, "
            + "u=u@entry=4000000000, l=l@entry=-1234567890123, b=b@entry=true, d=d@entry=2.5, f=f@entry=0.100000001, "
            + "str=0x555555556004 \"hello\\tworld\", p=STACK, pt=..., col=GREEN, nul=0x0) at types.c:9";
    private static final String SINK = "9\t  sink = c + uc + s + u + l + b + (int)d + (int)f + str[0] + *p + pt.x + col"
            + " + (nul != NULL);";

    /**
     * gdb 13.1 (Debian 13.1-3) with gcc 12 on the same program, {@code break leaf}, {@code run},
     * {@code bt}, {@code finish}, {@code bt} (observed; stack addresses as {@code STACK}, and "Run
     * till exit" as gdb prints it from a terminal).
     */
    private static final String[] GDB_TYPES_O0 = {
        "Breakpoint 1, " + LEAF_O0, SINK,
        "#0  " + LEAF_O0,
        "#1  0x0000555555555248 in mid (n=2, name=0x555555556008 \"hello\\tworld\") at types.c:15",
        "#2  0x000055555555528b in main (argc=1, argv=STACK) at types.c:19",
        "Run till exit from #0  " + LEAF_O0,
        "0x0000555555555248 in mid (n=2, name=0x555555556008 \"hello\\tworld\") at types.c:15",
        "15\t  double r = leaf('a', 200, -7, 4000000000u, -1234567890123L, true, 2.5, 0.1f, name, &k, q, GREEN, NULL);",
        "Value returned is $1 = 5",
        "#0  0x0000555555555248 in mid (n=2, name=0x555555556008 \"hello\\tworld\") at types.c:15",
        "#1  0x000055555555528b in main (argc=1, argv=STACK) at types.c:19",
    };

    /** As {@link #GDB_TYPES_O0} for the program built with -O2: entry values from the call sites. */
    private static final String[] GDB_TYPES_O2 = {
        "Breakpoint 1, " + LEAF_O2, SINK,
        "#0  " + LEAF_O2,
        "#1  0x000055555555520e in mid (n=<optimized out>, name=name@entry=0x555555556004 \"hello\\tworld\") at types.c:15",
        "#2  0x000055555555504f in main (argc=<optimized out>, argv=<optimized out>) at types.c:19",
        "Run till exit from #0  " + LEAF_O2,
        "mid (n=<optimized out>, name=name@entry=0x555555556004 \"hello\\tworld\") at types.c:16",
        "16\t  return (int)r + k;",
        "Value returned is $1 = 5",
        "#0  mid (n=<optimized out>, name=name@entry=0x555555556004 \"hello\\tworld\") at types.c:16",
        "#1  0x000055555555504f in main (argc=<optimized out>, argv=<optimized out>) at types.c:19",
    };

    private static final String CXX_REFS = """
            struct S { int a; };
            static volatile int sink;
            __attribute__((noinline)) int take(int &r, const S &s, const char &c, long *&pp) {
              sink = r + s.a + c + (int)*pp;
              return r * 2;
            }
            int main() {
              int v = 21;
              S s{4};
              char c = 'z';
              long l = 3;
              long *lp = &l;
              return take(v, s, c, lp) - 42;
            }
            """;

    private static final String TAKE = "take (r=@STACK: 21, s=..., c=@STACK: 122 'z', pp=@STACK: STACK) at refs.cc:4";

    /** gdb 13.1 with g++ 12: {@code break take}, {@code run}, {@code bt}, {@code finish}. */
    private static final String[] GDB_REFS = {
        "Breakpoint 1, " + TAKE, "4\t  sink = r + s.a + c + (int)*pp;",
        "#0  " + TAKE,
        "#1  0x00005555555551b5 in main () at refs.cc:13",
        "Run till exit from #0  " + TAKE,
        "main () at refs.cc:13",
        "13\t  return take(v, s, c, lp) - 42;",
        "Value returned is $1 = 42",
    };

    private void assertGdbLines(String[] gdb) {
        StringBuilder want = new StringBuilder("^");
        for (String line : gdb) {
            want.append(Pattern.quote(line).replace("STACK", "\\E0x7ff[0-9a-f]+\\Q")).append("\\n");
        }
        find(out.toString(), want.toString());
    }

    private static Path build(String compiler, String name, String source, String... flags) throws Exception {
        Path src = dir.resolve(name);
        Files.writeString(src, source);
        Path exe = dir.resolve(name.replace('.', '-') + String.join("", flags));
        List<String> cmd = new ArrayList<>(List.of(compiler, "-g"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", exe.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, compiler + " failed");
        return exe;
    }

    @Test
    void shouldShowArgumentValuesAndTheReturnedValueAtTheLivePositionAsGdbDoes() throws Exception {
        Path o0 = build("gcc", "types.c", TYPES, "-O0");
        List<String> a = ex(shell("--no-aslr", "--break", "leaf"), "bt", "finish", "bt");
        assertEquals(0, run(withProgram(a, o0.toString())), err.toString());
        assertGdbLines(GDB_TYPES_O0);
    }

    @Test
    void shouldShowEntryValuesOfOptimizedCodeAtTheLivePositionAsGdbDoes() throws Exception {
        Path o2 = build("gcc", "types.c", TYPES, "-O2");
        List<String> a = ex(shell("--no-aslr", "--break", "leaf"), "bt", "finish", "bt");
        assertEquals(0, run(withProgram(a, o2.toString())), err.toString());
        assertGdbLines(GDB_TYPES_O2);
    }

    @Test
    void shouldShowCxxReferencesAtTheLivePositionAsGdbDoes() throws Exception {
        Path exe = build("g++", "refs.cc", CXX_REFS, "-O0");
        // By its C++ name: the ELF symbol is mangled (_Z4takeRiRK1SRKcRPl), the debug information is not.
        List<String> a = ex(shell("--no-aslr", "--break", "take"), "bt", "finish");
        assertEquals(0, run(withProgram(a, exe.toString())), err.toString());
        assertGdbLines(GDB_REFS);
    }

    @Test
    void shouldKeepArgumentsUnavailableWhileReplaying() throws Exception {
        Path o0 = build("gcc", "types.c", TYPES, "-O0");
        List<String> a = ex(shell("--no-aslr", "--break", "leaf"), "reverse-stepi", "bt 1", "record goto end", "bt 1");
        assertEquals(0, run(withProgram(a, o0.toString())), err.toString());
        String o = out.toString();
        // replaying: only the pc is known (gdb's btrace); back at the live position the values again
        find(o, "^#0  0x[0-9a-f]+ in leaf \\(c=<unavailable>, uc=<unavailable>, s=<unavailable>, .*, pt=\\.\\.\\., "
                + "col=<unavailable>, nul=<unavailable>\\) at types\\.c:8\\n");
        find(o, "^#0  " + Pattern.quote(LEAF_O0).replace("STACK", "\\E0x7ff[0-9a-f]+\\Q") + "\\n\\(More stack frames follow\\.\\.\\.\\)$");
    }

    private static final String CALLBACK = """
            #include <stdlib.h>
            static int calls;
            int cmp(const void *a, const void *b) {
              calls++;
              return *(const int *)a - *(const int *)b;
            }
            int main(void) {
              int v[3] = {3, 1, 2};
              qsort(v, 3, sizeof v[0], cmp);
              return v[0] + calls;
            }
            """;

    @Test
    void shouldBacktraceThroughLibcWithTheCfiUnwinderAtTheLivePosition() throws Exception {
        Path exe = build("gcc", "cb.c", CALLBACK, "-O0");
        List<String> a = ex(shell("--no-aslr", "--break", "cmp"), "bt", "finish");
        assertEquals(0, run(withProgram(a, exe.toString())), err.toString());
        // gdb 13.1 unwinds cmp's callers with libc's CFI: #1 0x..bf4, #2 0x..9c1, #3 0x..d36 (qsort_r),
        // then main (it also shows libc's inline frames, from libc6-dbg). The btrace frames would
        // add the PLT's and the call's segments instead.
        find(out.toString(), "^#0  cmp \\(a=0x7ff[0-9a-f]+, b=0x7ff[0-9a-f]+\\) at cb\\.c:4\\n"
                + "#1  0x00007ff[0-9a-f]+ .*\\n#2  0x00007ff[0-9a-f]+ .*\\n#3  0x00007ff[0-9a-f]+ in .*qsort_r.*\\n"
                + "#4  0x0000555555555[0-9a-f]{3} in main \\(\\) at cb\\.c:9\\n"
                + "Run till exit from #0  cmp \\(a=0x7ff[0-9a-f]+, b=0x7ff[0-9a-f]+\\) at cb\\.c:4\\n"
                + "0x00007ff[0-9a-f]+ in .*\\nValue returned is \\$1 = -1$");
    }

    private static final String TAIL = """
            static volatile int sink;
            __attribute__((noinline)) int leaf(int v) { sink = v; return v * 3; }
            __attribute__((noinline)) int mid(int a) { return leaf(a + 1); }
            __attribute__((noinline)) int top(int b) { int r = mid(b * 2); sink = r; return r + 1; }
            int main(int argc, char **argv) { return top(argc + 4) - 19; }
            """;

    private static final String LEAF_LINE = "2\t__attribute__((noinline)) int leaf(int v) { sink = v; return v * 3; }";

    /** gdb 13.1 with gcc 12 -O2: {@code break leaf}, {@code run}, {@code bt}, {@code finish}; mid tail-calls leaf. */
    private static final String[] GDB_TAIL = {
        "Breakpoint 1, leaf (v=v@entry=11) at tail.c:2", LEAF_LINE,
        "#0  leaf (v=v@entry=11) at tail.c:2",
        "#1  0x0000555555555155 in mid (a=10) at tail.c:3",
        "#2  0x0000555555555167 in top (b=<optimized out>) at tail.c:4",
        "#3  0x0000555555555048 in main (argc=<optimized out>, argv=STACK) at tail.c:5",
        "Run till exit from #0  leaf (v=v@entry=11) at tail.c:2",
        "top (b=<optimized out>) at tail.c:4",
        "4\t__attribute__((noinline)) int top(int b) { int r = mid(b * 2); sink = r; return r + 1; }",
        "Value returned is $1 = 33",
    };

    @Test
    void shouldShowTailCallFramesAndFinishOutOfThemAsGdbDoes() throws Exception {
        Path exe = build("gcc", "tail.c", TAIL, "-O2");
        List<String> a = ex(shell("--no-aslr", "--break", "leaf"), "bt", "finish");
        assertEquals(0, run(withProgram(a, exe.toString())), err.toString());
        assertGdbLines(GDB_TAIL);
    }

    private static final String POINTERS = """
            int vals[4] = {1,2,3,4};
            static volatile int sink;
            typedef int (*fn)(int);
            int twice(int v) { return v * 2; }
            __attribute__((noinline)) int use(int *p, int *q, fn f, const char *s, char *heap) { sink = *p + *q; return f(*p) + s[0] + (heap != 0); }
            int main(void) { char buf[4] = "ab"; return use(vals, &vals[2], twice, "lit", buf) - 100; }
            """;

    private static final String USE = "use (p=0x555555558010 <vals>, q=0x555555558018 <vals+8>, f=0x555555555129 <twice>, "
            + "s=0x555555556004 \"lit\", heap=STACK \"ab\") at ptr.c:5";

    /** gdb 13.1 with gcc 12 -O0: {@code break use}, {@code run}, {@code bt}. */
    private static final String[] GDB_POINTERS = {
        "Breakpoint 1, " + USE,
        "5\t__attribute__((noinline)) int use(int *p, int *q, fn f, const char *s, char *heap) { sink = *p + *q; "
                + "return f(*p) + s[0] + (heap != 0); }",
        "#0  " + USE,
        "#1  0x00005555555551d3 in main () at ptr.c:6",
    };

    @Test
    void shouldShowPointersWithTheSymbolsTheyPointIntoAsGdbDoes() throws Exception {
        Path exe = build("gcc", "ptr.c", POINTERS, "-O0");
        List<String> a = ex(shell("--no-aslr", "--break", "use"), "bt");
        assertEquals(0, run(withProgram(a, exe.toString())), err.toString());
        assertGdbLines(GDB_POINTERS);
    }

    private static final String RETURNS = """
            struct pt { int x, y; };
            typedef struct pt pt_t;
            struct pt g = {1, 2};
            int vals[3] = {4, 5, 6};
            static volatile int sink;
            __attribute__((noinline)) int *ip(int i) { sink = i; return &vals[i]; }
            __attribute__((noinline)) struct pt *sp(void) { sink = 1; return &g; }
            __attribute__((noinline)) const pt_t *tp(void) { sink = 2; return &g; }
            __attribute__((noinline)) void *vp(void) { sink = 3; return &g; }
            __attribute__((noinline)) const char *cp(void) { sink = 4; return "str"; }
            __attribute__((noinline)) char ch(void) { sink = 5; return 'q'; }
            __attribute__((noinline)) unsigned long long ul(void) { sink = 6; return 18446744073709551615ULL; }
            __attribute__((noinline)) float fl(void) { sink = 7; return 1.25f; }
            int main(void) { return *ip(1) + sp()->x + tp()->y + (vp() != 0) + cp()[0] + ch() + (int)ul() + (int)fl(); }
            """;

    /** gdb 13.1 with gcc 12 -O0: a breakpoint in each function, then {@code finish} and {@code continue} in turn. */
    private static final String[] GDB_RETURNS = {
        "Value returned is $1 = (int *) 0x55555555801c <vals+4>",
        "Value returned is $2 = (struct pt *) 0x555555558010 <g>",
        "Value returned is $3 = (const pt_t *) 0x555555558010 <g>",
        "Value returned is $4 = (void *) 0x555555558010 <g>",
        "Value returned is $5 = 0x555555556004 \"str\"",
        "Value returned is $6 = 113 'q'",
        "Value returned is $7 = 18446744073709551615",
        "Value returned is $8 = 1.25",
    };

    @Test
    void shouldPrintReturnedValuesOfEveryScalarKindAsGdbDoes() throws Exception {
        Path exe = build("gcc", "rets.c", RETURNS, "-O0");
        List<String> a = new ArrayList<>(shell("--no-aslr"));
        for (String f : List.of("ip", "sp", "tp", "vp", "cp", "ch", "ul", "fl")) {
            a.add("--break");
            a.add(f);
        }
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            commands.add("finish");
            commands.add("continue");
        }
        commands.add("print 7");
        assertEquals(0, run(withProgram(ex(a, commands.toArray(String[]::new)), exe.toString())), err.toString());
        List<String> got = out.toString().lines().filter(l -> l.startsWith("Value returned")).toList();
        assertEquals(List.of(GDB_RETURNS), got);
        // print numbers its values after finish's, as gdb's one value history does
        find(out.toString(), "^\\$9 = 7$");
    }

    private static final String STRUCTS = """
            struct pt { int x, y; };
            struct mix { double d; long l; };
            struct two { float a, b; char c; };
            struct big { long a, b, c; struct pt p; };
            union u { int i; float f; };
            struct nest { struct pt p; const char *name; };
            static volatile int sink;
            __attribute__((noinline)) struct pt fpt(int v) { struct pt r = {v, v + 1}; sink = v; return r; }
            __attribute__((noinline)) struct mix fmix(void) { struct mix r = {2.5, -3}; sink = 1; return r; }
            __attribute__((noinline)) struct two ftwo(void) { struct two r = {1.5f, -0.25f, 'k'}; sink = 1; return r; }
            __attribute__((noinline)) struct big fbig(void) { struct big r = {1, 2, 3, {4, 5}}; sink = 1; return r; }
            __attribute__((noinline)) union u fu(void) { union u r; r.i = 1; sink = 1; return r; }
            __attribute__((noinline)) struct nest fnest(void) { struct nest r = {{7, 8}, "nm"}; sink = 1; return r; }
            int main(void) { return fpt(3).x + (int)fmix().d + (int)ftwo().a + (int)fbig().a + fu().i + fnest().p.x; }
            """;

    /**
     * gdb 13.1 with gcc 12 -O0: a breakpoint in each function, {@code finish} and {@code continue}
     * in turn (registers by the ABI's eightbyte classes; fbig's 40 bytes in memory).
     */
    private static final String[] GDB_STRUCTS = {
        "Value returned is $1 = {x = 3, y = 4}",
        "Value returned is $2 = {d = 2.5, l = -3}",
        "Value returned is $3 = {a = 1.5, b = -0.25, c = 107 'k'}",
        "Value returned is $4 = {a = 1, b = 2, c = 3, p = {x = 4, y = 5}}",
        "Value returned is $5 = {i = 1, f = 1.40129846e-45}",
        "Value returned is $6 = {p = {x = 7, y = 8}, name = 0x555555556008 \"nm\"}",
    };

    @Test
    void shouldPrintReturnedStructuresAndUnionsAsGdbDoes() throws Exception {
        Path exe = build("gcc", "st.c", STRUCTS, "-O0");
        List<String> a = new ArrayList<>(shell("--no-aslr"));
        List<String> commands = new ArrayList<>();
        for (String f : List.of("fpt", "fmix", "ftwo", "fbig", "fu", "fnest")) {
            a.add("--break");
            a.add(f);
            commands.add("finish");
            commands.add("continue");
        }
        assertEquals(0, run(withProgram(ex(a, commands.toArray(String[]::new)), exe.toString())), err.toString());
        List<String> got = out.toString().lines().filter(l -> l.startsWith("Value returned")).toList();
        assertEquals(List.of(GDB_STRUCTS), got);
    }
}
