package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.bundle.BundleWriter;
import dev.hindsight.collect.bundle.ExtractedThread;
import dev.hindsight.collect.bundle.TraceBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle's thread turned into the history commands' file arguments
 * ({@link TraceBundle#extractThread}) gives the same history as the original files.
 */
class BundleHistoryInputTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private static List<String> args(ExtractedThread x) {
        List<String> a = new ArrayList<>();
        a.add(x.isPt() ? "--pt" : "--bts");
        a.add(x.trace().toString());
        if (!x.isPt()) {
            a.add("--bts-format");
            a.add("ds");
        }
        for (String e : x.elfArgs()) {
            a.add("--elf");
            a.add(e);
        }
        for (String r : x.rawArgs()) {
            a.add("--raw");
            a.add(r);
        }
        a.add("--cpu");
        a.add(x.cpu());
        if (x.currentPc() != -1) {
            a.add("--pc");
            a.add("0x" + Long.toHexString(x.currentPc()));
        }
        return a;
    }

    @Test
    void shouldGiveInfoRecordAPtTraceFromABundle() throws IOException {
        Path src = Path.of(System.getProperty("hindsight.shared"), "realtraces",
                "dynamorio-test_simple");
        assertTrue(Files.isDirectory(src), "missing shared data " + src);
        Path hsb = dir.resolve("simple.hsb");
        try (BundleWriter w = BundleWriter.create(hsb)) {
            w.method("pt").cpu(new BundleManifest.Cpu("GenuineIntel", 6, 85, 4));
            try (InputStream in = Files.newInputStream(src.resolve("pt.bin"))) {
                w.addThread(1, BundleManifest.KIND_PT, in, List.of(), List.of(), -1, -1);
            }
            w.addFileImage(0x401000, 0x401027, src.resolve("hello"), 0x1000, 0);
            w.commit();
        }
        String direct = run("info-record", "--pt", src.resolve("pt.bin").toString(), "--elf",
                src.resolve("hello").toString(), "--cpu", "6/85/4");
        try (TraceBundle b = TraceBundle.open(hsb)) {
            List<String> a = new ArrayList<>(List.of("info-record"));
            a.addAll(args(b.extractThread(1)));
            String viaBundle = run(a.toArray(String[]::new));
            assertEquals(direct, viaBundle);
            assertTrue(viaBundle.contains("Recorded 8 instructions"), viaBundle);
        }
    }

    @Test
    void shouldGiveFunctionCallHistoryASwRecordingFromABundle() throws Exception {
        Path c = dir.resolve("f.c");
        Files.writeString(c, "int g(int x) { return x + 1; }\nint main(void) { return g(1) - 2; }\n");
        Path prog = dir.resolve("f");
        Process gcc = new ProcessBuilder("gcc", "-O0", "-o", prog.toString(), c.toString())
                .inheritIO().start();
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0);
        Path hsb = dir.resolve("f.hsb");
        StringWriter err = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true)).execute("record", "-m", "sw", "-o", hsb.toString(),
                "--", prog.toString());
        assertEquals(0, code, err.toString());
        try (TraceBundle b = TraceBundle.open(hsb)) {
            ExtractedThread x = b.extractThread(b.threadIds().get(0));
            assertEquals("bts-ds-24", x.kind());
            List<String> a = new ArrayList<>(List.of("function-call-history"));
            a.addAll(args(x));
            a.addAll(List.of("--call-history-size", "0"));
            String out = run(a.toArray(String[]::new));
            // Symbols come from the bundle's copy of the program.
            assertTrue(out.contains("\tg\n") || out.contains(" g\n"), out);
            assertTrue(out.contains("main"), out);
        }
    }
}
