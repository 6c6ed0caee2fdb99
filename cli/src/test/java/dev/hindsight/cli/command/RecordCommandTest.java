package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.collect.RecordingManifest;
import dev.hindsight.collect.RecordingWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCommandTest {
    @TempDir
    static Path dir;
    private static Path prog;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path src = dir.resolve("exit5.c");
        Files.writeString(src, "volatile int s;\nint main(int c, char **v) {\n"
                + "  for (int i = 0; i < 50; i++) s += i;\n  return 5;\n}\n");
        prog = dir.resolve("exit5");
        Process p = new ProcessBuilder("gcc", "-O1", "-static", "-o", prog.toString(),
                src.toString()).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed");
    }

    private int run(String... args) {
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void shouldRecordWithSwAndExitWithTheProgramsExitCode() throws IOException {
        Path rec = dir.resolve("sw.rec");
        assertEquals(5, run("record", "-m", "sw", "-o", rec.toString(), "--", prog.toString(),
                "-x"));
        RecordingManifest m = RecordingWriter.readManifest(rec);
        assertEquals("sw", m.method());
        assertEquals(5, m.exitCode());
        assertEquals(1, m.threads().size());
        assertTrue(m.threads().get(0).branches() > 50, m.toString());
        assertTrue(out.toString().startsWith("recorded " + m.threads().get(0).branches()
                + " branches"), out.toString());
    }

    @Test
    void shouldRecordIntoABundleThatDecodesWithoutTheOriginalFiles() throws IOException {
        Path hsb = dir.resolve("sw.hsb");
        assertEquals(5, run("record", "-m", "sw", "-o", hsb.toString(), "--", prog.toString()));
        try (var b = dev.hindsight.collect.bundle.TraceBundle.open(hsb)) {
            var t = b.thread(b.threadIds().get(0));
            assertEquals("bts-ds-24", t.kind());
            assertTrue(t.trace().remaining() > 50 * 24);
            // The program's code is in the bundle: the first branch's source reads from it.
            long from = t.trace().getLong(0);
            byte[] insn = new byte[1];
            assertEquals(1, t.image().read(insn, 1, from, dev.hindsight.pt.image.Asid.ANY));
            assertTrue(b.manifest().images().stream().anyMatch(i -> prog.toString().equals(
                    i.path())), b.manifest().images().toString());
        }
        // No temporary directory or file is left beside it.
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".sw.hsb")));
        }
        StringWriter info = new StringWriter();
        assertEquals(0, Hindsight.commandLine(new PrintWriter(info, true),
                new PrintWriter(err, true)).execute("bundle", "info", hsb.toString()));
        assertTrue(info.toString().contains("method: sw"), info.toString());
        assertTrue(info.toString().contains(" BTS records, 0 gaps"), info.toString());
    }

    @Test
    void shouldRefuseAHardwareMethodIntoADirectory() {
        assertEquals(1, run("record", "-m", "pt", "-o", dir.resolve("pt.rec").toString(), "--",
                prog.toString()));
        assertEquals("hindsight: -m pt writes a trace bundle: give -o FILE.hsb",
                err.toString().trim());
    }

    @Test
    void shouldSayWhichMethodAutoChoseAndWhy() {
        Path rec = dir.resolve("auto.rec");
        assertEquals(5, run("record", "-o", rec.toString(), "--", prog.toString()));
        String e = err.toString();
        boolean pt = Files.isDirectory(Path.of("/sys/bus/event_source/devices/intel_pt"));
        if (!pt) {
            assertTrue(e.startsWith("hindsight: method sw: single-stepping with ptrace"), e);
            assertTrue(e.contains("no pt: "), e);
            assertTrue(e.contains("no bts: "), e);
        }
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void shouldRefuseUnsupportedHardwareMethodsInOneLine() {
        for (String method : new String[] {"pt", "bts"}) {
            StringWriter e = new StringWriter();
            int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(e, true))
                    .execute("record", "-m", method, "-o", dir.resolve(method + ".hsb")
                            .toString(), "--", prog.toString());
            assertEquals(1, code, e.toString());
            assertEquals(1, e.toString().lines().count(), e.toString());
            assertTrue(e.toString().startsWith("hindsight: -m " + method), e.toString());
            assertFalse(Files.exists(dir.resolve(method + ".hsb")));
        }
    }

    @Test
    void shouldFailInOneLineForMissingProgram() {
        assertEquals(1, run("record", "-m", "sw", "-o", dir.resolve("x").toString(), "--",
                "/no/such/prog"));
        assertEquals("hindsight: /no/such/prog: no such file", err.toString().trim());
    }

    @Test
    void shouldAttachToARunningProcessAndDetachAtTheLimit() throws Exception {
        Path src = dir.resolve("spin.c");
        Files.writeString(src, "volatile long c;\nint main(void) { for (;;) c++; }\n");
        Path spin = dir.resolve("spin");
        assertEquals(0, new ProcessBuilder("gcc", "-O1", "-o", spin.toString(), src.toString())
                .inheritIO().start().waitFor());
        // Through a shell, so that the JDK's reaper does not wait for (and steal) its stops.
        Process sh = new ProcessBuilder("/bin/sh", "-c", spin + " >/dev/null 2>&1 & echo $!")
                .start();
        int pid = Integer.parseInt(new String(sh.getInputStream().readAllBytes()).trim());
        try {
            Path rec = dir.resolve("pid.rec");
            assertEquals(0, run("record", "-m", "sw", "-o", rec.toString(), "--pid",
                    Integer.toString(pid), "--max-instructions", "2000"));
            assertTrue(out.toString().contains("stopped after 2000 instructions (limit reached);"
                    + " detached"), out.toString());
            RecordingManifest m = RecordingWriter.readManifest(rec);
            assertEquals(pid, m.pid());
            assertEquals(null, m.command());
            assertTrue(m.threads().get(0).branches() > 100, m.toString());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldAskForAProgramOrPid() {
        assertEquals(2, run("record", "-m", "sw"));
        assertTrue(err.toString().contains("give -- PROG ARGS... or --pid PID"), err.toString());
    }
}
