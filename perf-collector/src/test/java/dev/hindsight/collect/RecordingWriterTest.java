package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.sys.ProcMaps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingWriterTest {
    @TempDir
    Path dir;

    private static final CpuInfo CPU = new CpuInfo("GenuineIntel", 6, 85, 4, "x", Set.of());

    private static long entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void shouldWriteLittleEndianDsRecordsAndManifestOnlyOnCommit() throws IOException {
        Path target = dir.resolve("rec");
        try (RecordingWriter w = RecordingWriter.create(target)) {
            ThreadRecords t = w.thread(42);
            t.add(0x401000L, 0x402000L, 0);
            t.add(0xffffffff81000000L, 0x10L, 0x10);
            for (int i = 0; i < 5000; i++) { // more than one buffer's worth
                w.thread(43).add(i, i + 100, 0);
            }
            w.addImage(new ProcMaps.Mapping(0x1000, 0x2000, "r-xp", 0, 0, "[vdso]"),
                    new byte[] {1, 2, 3});
            assertFalse(Files.exists(target));
            RecordingManifest m = w.commit("sw", "because", CPU, List.of("prog"), 42, 0);
            assertEquals(2, m.threads().size());
        }
        RecordingManifest m = RecordingWriter.readManifest(target);
        assertEquals("bts-ds-24", m.recordFormat());
        assertEquals(2, m.threads().get(0).branches());
        assertEquals(5000, m.threads().get(1).branches());
        assertEquals("0x1000", m.images().get(0).start());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target.resolve(
                m.images().get(0).file())));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(target.resolve("thread-42.bts")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(48, b.capacity());
        assertEquals(0x401000L, b.getLong(0));
        assertEquals(0x402000L, b.getLong(8));
        assertEquals(0xffffffff81000000L, b.getLong(24));
        assertEquals(0x10L, b.getLong(40));
        assertEquals(5000 * 24, Files.size(target.resolve("thread-43.bts")));
        assertEquals(1, entries(dir)); // no temporary directory left
    }

    @Test
    void shouldLeaveNothingWhenClosedWithoutCommit() throws IOException {
        try (RecordingWriter w = RecordingWriter.create(dir.resolve("rec"))) {
            w.thread(1).add(1, 2, 0);
        }
        assertEquals(0, entries(dir));
    }

    @Test
    void shouldReplaceAnEarlierRecordingButNothingElse() throws IOException {
        Path target = dir.resolve("rec");
        for (int round = 0; round < 2; round++) {
            try (RecordingWriter w = RecordingWriter.create(target)) {
                w.thread(10 + round).add(1, 2, 0);
                w.commit("sw", "r", CPU, List.of("p"), 1, 0);
            }
        }
        assertTrue(Files.exists(target.resolve("thread-11.bts")));
        assertFalse(Files.exists(target.resolve("thread-10.bts")));
        Path file = Files.writeString(dir.resolve("precious"), "x");
        IOException e = assertThrows(IOException.class, () -> RecordingWriter.create(file));
        assertTrue(e.getMessage().endsWith("exists and is not a recording"), e.getMessage());
    }
}
