package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionTest {

    @TempDir
    Path dir;

    private Path file(String name, int size) throws IOException {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) i;
        }
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void shouldCutSizeAtEndOfFile() throws Exception {
        Section s = Section.ofFile(file("a.bin", 16), 4, 100);
        assertEquals(4, s.offset());
        assertEquals(12, s.size());
        assertEquals(dir.resolve("a.bin").toString(), s.fileName());
        assertTrue(s.isFile());
    }

    @Test
    void shouldTakeRestOfFileForAllOnesSize() throws Exception {
        assertEquals(14, Section.ofFile(file("a.bin", 16), 2, -1L).size());
    }

    @Test
    void shouldMapFileDirectlyAndReadRelativeToOffset() throws Exception {
        Section s = Section.ofFile(file("a.bin", 16), 4, 8);
        ByteBuffer b = s.buffer();
        assertTrue(b.isDirect());
        assertTrue(b.isReadOnly());
        assertEquals(8, b.remaining());
        assertEquals(4, b.get(0));
        byte[] dst = new byte[15];
        assertEquals(3, s.read(dst, 0, 15, 5));
        assertArrayEquals(new byte[] {9, 10, 11}, java.util.Arrays.copyOf(dst, 3));
    }

    @Test
    void shouldReportNomapOutsideSection() throws Exception {
        Section s = Section.ofFile(file("a.bin", 16), 0, 8);
        assertEquals(-PtError.NOMAP.code(), s.read(new byte[4], 0, 4, 8));
        assertEquals(-PtError.NOMAP.code(), s.read(new byte[4], 0, 4, -1L));
    }

    @Test
    void shouldRejectOffsetAtOrBeyondEndOfFile() throws Exception {
        Path f = file("a.bin", 16);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> Section.ofFile(f, 16, 1));
        assertEquals(f.toString(), e.file());
        assertEquals(f + ": offset 0x10 is beyond the end of the file (0x10 bytes)",
                e.getMessage());
    }

    @Test
    void shouldNameMissingFile() {
        Path f = dir.resolve("missing.bin");
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> Section.ofFile(f, 0, -1L));
        assertEquals(f + ": no such file", e.getMessage());
    }

    @Test
    void shouldRejectEmptyFile() throws Exception {
        Path f = file("empty.bin", 0);
        assertThrows(ImageLoadException.class, () -> Section.ofFile(f, 0, -1L));
    }

    @Test
    void shouldWrapMemoryWithoutCopying() {
        byte[] bytes = {1, 2, 3, 4};
        Section s = Section.ofBytes("[mem]", bytes);
        assertFalse(s.isFile());
        assertEquals(4, s.size());
        bytes[2] = 9;
        byte[] dst = new byte[2];
        assertEquals(2, s.read(dst, 0, 2, 2));
        assertArrayEquals(new byte[] {9, 4}, dst);
        assertTrue(s.isMapped());
    }

    @Test
    void shouldUseBufferFromPositionToLimit() {
        ByteBuffer b = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5});
        b.position(1).limit(4);
        Section s = Section.ofBuffer("[buf]", b);
        assertEquals(3, s.size());
        assertEquals(2, s.buffer().get(0));
    }
}
