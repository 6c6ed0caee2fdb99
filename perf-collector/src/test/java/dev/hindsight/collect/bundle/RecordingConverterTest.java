package dev.hindsight.collect.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.CpuInfo;
import dev.hindsight.collect.RecordingWriter;
import dev.hindsight.collect.sys.ProcMaps;
import dev.hindsight.pt.image.Asid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingConverterTest {
    @TempDir
    Path dir;

    @Test
    void shouldCarryRecordsImagesAndFilesIntoTheBundle() throws IOException {
        Path lib = dir.resolve("lib.so");
        byte[] code = new byte[0x2000];
        code[0x1000] = (byte) 0x90;
        code[0x1001] = (byte) 0xc3;
        Files.write(lib, code);
        Path rec = dir.resolve("rec");
        try (RecordingWriter w = RecordingWriter.create(rec)) {
            w.thread(5).add(0x401000L, 0x402000L, 0);
            w.addImage(new ProcMaps.Mapping(0x7000, 0x8000, "r-xp", 0, 0, "[vdso]"),
                    new byte[] {(byte) 0xcc});
            w.addImage(new ProcMaps.Mapping(0x500000, 0x501000, "r-xp", 0x1000, 12, lib.toString()),
                    null);
            w.addImage(new ProcMaps.Mapping(0x600000, 0x601000, "r-xp", 0, 13, "/nonexistent/x"),
                    null);
            w.commit("sw", "test", new CpuInfo("GenuineIntel", 6, 142, 10, "x", Set.of()),
                    List.of("prog"), 5, 0);
        }
        Path hsb = dir.resolve("rec.hsb");
        RecordingConverter.Result r = RecordingConverter.convert(rec, hsb);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("image /nonexistent/x at 0x600000"));
        try (TraceBundle b = TraceBundle.open(hsb)) {
            ThreadTrace t = b.thread(5);
            assertEquals(BundleManifest.KIND_BTS, t.kind());
            ByteBuffer s = t.trace();
            assertEquals(24, s.remaining());
            assertEquals(0x401000L, s.getLong(0));
            assertEquals("6/142/10", t.cpu());
            byte[] got = new byte[2];
            assertEquals(2, t.image().read(got, 2, 0x500000, Asid.ANY));
            assertEquals((byte) 0xc3, got[1]);
            assertEquals(1, t.image().read(got, 2, 0x7000, Asid.ANY));
            assertEquals((byte) 0xcc, got[0]);
        }
    }

    @Test
    void shouldRefuseADirectoryThatIsNotARecording() {
        IOException e = assertThrows(IOException.class,
                () -> RecordingConverter.convert(dir, dir.resolve("x.hsb")));
        assertTrue(e.getMessage().contains("not a recording"), e.getMessage());
    }
}
