package dev.hindsight.pt.sideband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfEventFileTest {
    @TempDir
    Path dir;

    private Path file() throws IOException {
        Path p = dir.resolve("s.sb");
        Files.write(p, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        return p;
    }

    @Test
    void shouldMapWholeFileLittleEndian() throws IOException {
        PerfEventFile f = PerfEventFile.map("s.sb", file(), 0, 0);

        assertEquals(10, f.size());
        assertEquals("s.sb", f.name());
        assertEquals(ByteOrder.LITTLE_ENDIAN, f.buffer().order());
        assertEquals(0x0706050403020100L, f.buffer().getLong(0));
    }

    @Test
    void shouldMapRangeAndCutItAtEndOfFile() throws IOException {
        PerfEventFile f = PerfEventFile.map("s.sb", file(), 2, 100);

        assertEquals(8, f.size());
        assertEquals(2, f.buffer().get(0));
    }

    @Test
    void shouldRejectEmptyOrInvertedRange() throws IOException {
        Path p = file();
        SidebandLoadException e = assertThrows(SidebandLoadException.class,
                () -> PerfEventFile.map("s.sb", p, 4, 4));
        assertEquals(PtError.INVALID, e.error());
        assertEquals("error loading s.sb: invalid argument", e.getMessage());
        assertThrows(SidebandLoadException.class, () -> PerfEventFile.map("s.sb", p, 20, 0));
    }

    @Test
    void shouldReportMissingFileAsBadFile() {
        SidebandLoadException e = assertThrows(SidebandLoadException.class,
                () -> PerfEventFile.map("none.sb", dir.resolve("none.sb"), 0, 0));

        assertEquals(PtError.BAD_FILE, e.error());
        assertEquals("error loading none.sb: bad file", e.getMessage());
    }
}
