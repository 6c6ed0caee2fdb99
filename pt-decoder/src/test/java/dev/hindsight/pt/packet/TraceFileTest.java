package dev.hindsight.pt.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldMapWholeFileOrRange() throws IOException {
        Path f = Files.write(dir.resolve("t.pt"), new byte[] {1, 2, 3, 4});
        ByteBuffer all = TraceFile.map(f);
        assertEquals(4, all.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, all.order());
        ByteBuffer part = TraceFile.map(f, 1, 2);
        assertEquals(2, part.limit());
        assertEquals(2, part.get(0));
        assertEquals(3, TraceFile.map(f, 1, 0).limit());
    }

    @Test
    void shouldRejectMissingEmptyDirectoryAndBadRange() throws IOException {
        assertThrows(NoSuchFileException.class, () -> TraceFile.map(dir.resolve("none.pt")));
        Path empty = Files.createFile(dir.resolve("empty.pt"));
        IOException e = assertThrows(IOException.class, () -> TraceFile.map(empty));
        assertTrue(e.getMessage().contains("empty.pt"), e.getMessage());
        e = assertThrows(IOException.class, () -> TraceFile.map(dir));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        Path f = Files.write(dir.resolve("t.pt"), new byte[] {1, 2});
        assertThrows(IOException.class, () -> TraceFile.map(f, 2, 0));
        assertThrows(IOException.class, () -> TraceFile.map(f, 1, 5));
    }
}
