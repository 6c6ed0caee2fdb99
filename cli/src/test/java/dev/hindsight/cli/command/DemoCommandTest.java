package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hindsight demo} end to end, in-process. */
class DemoCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static long firstNumber(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in\n" + text);
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldRecordAndBrowseTheExample() throws IOException {
        Set<Path> before = demoTempDirs();
        // A guard against a hung tracee, not a speed target (the demo's time is measured, not tested).
        Run r = assertTimeoutPreemptively(Duration.ofMinutes(10), () -> run("demo"));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String out = r.out();
        // The method and why, as record -m auto picks it.
        assertTrue(out.matches("(?s).*\n  pt   (yes|no): [^\n]+\n  bts  (yes|no): [^\n]+\n"
                + "  sw   (yes|no): [^\n]+\n.*"), out);
        String method = out.replaceFirst("(?s).*record -m auto takes the first that works"
                + " \\(pt, then bts, then sw\\): (\\w+)\n.*", "$1");
        assertTrue(List.of("pt", "bts", "sw").contains(method), out);
        assertTrue(out.contains("$ hindsight record -m " + method + " -o demo.hsb -- ./demo"), out);
        assertTrue(out.contains("the example exited with code 0"), out);
        assertTrue(firstNumber(out, "trace bundle: \\S+demo\\.hsb, (\\d+) bytes") > 0, out);
        // The transcript: each gdb command, then its output.
        String history = out.substring(out.indexOf("== 4."));
        assertTrue(firstNumber(history, "\\(gdb\\) info record\nActive record target: record-btrace\n"
                + "Recording format: [^\n]+\n(?:Buffer size: \\d+\\.\n)?Recorded (\\d+) instructions"
                + " in \\d+ functions") > 1000, history);
        String calls = history.substring(history.indexOf("(gdb) record function-call-history /ilc"),
                history.indexOf("(gdb) record instruction-history /m"));
        for (String f : List.of("main", "factorial", "apply", "square", "twice", "checksum")) {
            assertTrue(Pattern.compile("\n\\d+\t *" + f + "\tinst \\d+,\\d+\tat demo\\.c:\\d+")
                    .matcher(calls).find(), f + " missing in\n" + calls);
        }
        String insns = history.substring(history.indexOf("(gdb) record instruction-history /m"));
        assertTrue(Pattern.compile("\n\\d+\t   0x[0-9a-f]{16} <main\\+\\d+>:\t").matcher(insns).find(),
                insns);
        assertTrue(insns.contains("demo.c:"), insns);
        if (!method.equals("pt")) {
            String pt = out.substring(out.indexOf("== 5. The same run as an Intel PT trace"));
            assertTrue(pt.contains("synthesised, not written by hardware"), pt);
            long truth = firstNumber(pt, "ground truth: (\\d+) instructions");
            assertTrue(pt.contains("Recording format: Intel Processor Trace."), pt);
            // The PT path decodes every instruction the single-step engine saw.
            assertEquals(truth, firstNumber(pt, "Recorded (\\d+) instructions"), pt);
            assertTrue(Pattern.compile("\n\\d+\t *factorial\n").matcher(pt).find(), pt);
            assertTrue(Pattern.compile("\n\\d+\t *checksum\n").matcher(pt).find(), pt);
        }
        assertTrue(out.contains("Temporary files deleted"), out);
        assertEquals(before, demoTempDirs());
    }

    @Test
    void shouldKeepTheFilesInTheGivenFolder() {
        Path keep = dir.resolve("kept");
        Run r = run("demo", "--keep", keep.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(keep.resolve("demo.hsb")));
        assertTrue(Files.isRegularFile(keep.resolve("demo.c")));
        assertTrue(Files.isExecutable(keep.resolve("demo")));
        assertTrue(r.out().contains("Files kept in " + keep), r.out());
    }

    @Test
    void shouldSayInOneLineThatTheCompilerIsMissing() {
        Path missing = dir.resolve("no-such-gcc");
        Run r = run("demo", "--cc", missing.toString());
        assertEquals(1, r.code());
        assertEquals("hindsight: cannot run the C compiler '" + missing
                + "' (install gcc, e.g. with scripts/setup)\n", r.err());
        assertFalse(r.out().contains("(gdb)"), r.out());
    }

    private static Set<Path> demoTempDirs() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("hindsight-demo-"))
                    .collect(Collectors.toSet());
        }
    }
}
