package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {
    @TempDir
    Path dir;

    private Path write(int records) throws IOException {
        Path target = dir.resolve("rec");
        try (RecordingWriter w = RecordingWriter.create(target)) {
            for (int i = 0; i < records; i++) {
                w.thread(7).add(0x1000 + i, 0x2000 + i, i & 0x10);
            }
            w.commit("sw", "r", new CpuInfo("GenuineIntel", 6, 1, 1, "", Set.of()),
                    List.of("p"), 7, 0);
        }
        return target;
    }

    @Test
    void shouldReadBackEveryRecordInOrderAcrossBufferRefills() throws IOException {
        Recording r = Recording.open(write(10_000));
        assertEquals(10_000, r.manifest().threads().get(0).branches());
        try (BranchRecordReader in = r.records(7)) {
            assertEquals(10_000, in.count());
            BranchRecord b = new BranchRecord();
            for (int i = 0; i < 10_000; i++) {
                assertEquals(1, in.next(b));
                assertEquals(0x1000 + i, b.from);
                assertEquals(0x2000 + i, b.to);
                assertEquals(i & 0x10, b.flags);
            }
            assertEquals(0, in.next(b));
            assertEquals(0, in.next(b));
        }
    }

    @Test
    void shouldRefuseATruncatedRecordFile() throws IOException {
        Path rec = write(3);
        Path f = rec.resolve("thread-7.bts");
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 70));
        IOException e = assertThrows(IOException.class, () -> Recording.open(rec).records(7));
        assertTrue(e.getMessage().endsWith("70 bytes is not a whole number of 24-byte records"),
                e.getMessage());
    }

    @Test
    void shouldRefuseADirectoryThatIsNotARecording() {
        IOException e = assertThrows(IOException.class, () -> Recording.open(dir));
        assertEquals(dir + ": not a recording (no manifest.json)", e.getMessage());
    }

    @Test
    void shouldRefuseAnotherFormat() throws IOException {
        Path rec = write(1);
        Path m = rec.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"version\" : 1", "\"version\" : 9"));
        IOException e = assertThrows(IOException.class, () -> Recording.open(rec));
        assertTrue(e.getMessage().contains("version 9, expected hindsight-recording version 1"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownThread() throws IOException {
        Recording r = Recording.open(write(1));
        assertThrows(IOException.class, () -> r.records(8));
    }
}
