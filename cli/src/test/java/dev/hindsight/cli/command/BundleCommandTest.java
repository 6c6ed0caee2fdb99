package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.collect.CpuInfo;
import dev.hindsight.collect.RecordingWriter;
import dev.hindsight.collect.sys.ProcMaps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void shouldConvertADirectoryAndDescribeTheBundle() throws IOException {
        Path rec = dir.resolve("rec");
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            w.thread(9).add(0x1000, 0x2000, 0);
            w.thread(9).add(0x2010, 0x1000, 0);
            w.addImage(new ProcMaps.Mapping(0x1000, 0x3000, "r-xp", 0, 0, ""), new byte[0x2000]);
            w.commit("sw", "test", new CpuInfo("GenuineIntel", 6, 85, 4, "x", Set.of()),
                    List.of("prog"), 9, 0);
        }
        Path hsb = dir.resolve("rec.hsb");
        assertEquals(0, run("bundle", "convert", rec.toString(), hsb.toString()), err.toString());
        assertEquals("wrote " + hsb + ": 1 threads, 1 images", out.toString().trim());
        out.getBuffer().setLength(0);
        assertEquals(0, run("bundle", "info", hsb.toString()), err.toString());
        String info = out.toString();
        assertTrue(info.contains("cpu: GenuineIntel 6/85/4"), info);
        assertTrue(info.contains("  thread 9: 2 BTS records, 0 gaps"), info);
        assertTrue(info.contains("  0x1000-0x3000 (anonymous)"), info);
    }

    @Test
    void shouldReportABadBundleInOneLine() throws IOException {
        Path evil = dir.resolve("evil.hsb");
        try (OutputStream o = Files.newOutputStream(evil); ZipOutputStream z = new ZipOutputStream(o)) {
            z.putNextEntry(new ZipEntry("../../etc/cron.d/x"));
            z.write(1);
            z.closeEntry();
        }
        assertEquals(1, run("bundle", "info", evil.toString()));
        assertEquals("hindsight: " + evil + ": unsafe entry name '../../etc/cron.d/x'",
                err.toString().trim());
        err.getBuffer().setLength(0);
        Path truncated = dir.resolve("t.hsb");
        Files.write(truncated, new byte[] {'P', 'K', 3, 4, 0, 0});
        assertEquals(1, run("bundle", "info", truncated.toString()));
        assertEquals(1, err.toString().trim().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("hindsight: " + truncated + ": not a trace bundle"),
                err.toString());
    }

    @Test
    void shouldRefuseToConvertWhatIsNotARecording() {
        assertEquals(1, run("bundle", "convert", dir.toString(), dir.resolve("x.hsb").toString()));
        assertTrue(err.toString().contains("not a recording"), err.toString());
        assertEquals(1, err.toString().trim().lines().count());
    }
}
