package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectFilesTest {
    @TempDir
    static Path dir;
    private static Path prog;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        Path src = dir.resolve("data.c");
        Files.writeString(src, "int counter = 5;\nconst char motto[] = \"read only\";\nint zeroed;\n"
                + "int main(void) { return counter + motto[0] + zeroed; }\n");
        prog = dir.resolve("data");
        Process p = new ProcessBuilder("gcc", "-O0", "-no-pie", "-o", prog.toString(), src.toString())
                .inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed");
    }

    @Test
    void shouldKnowCodeAndRodataAsReadOnlyAndDataAsWritable() throws IOException {
        ObjectFiles o = ObjectFiles.read(List.of(prog), List.of(0L));
        long main = o.address("main");
        long motto = o.address("motto");
        assertTrue(main > 0 && motto > 0);
        assertTrue(o.readOnlyEnd(main) > main);
        assertTrue(o.readOnlyEnd(motto) >= motto + 10);
        assertEquals(-1, o.readOnlyEnd(o.address("counter")));
        assertEquals(-1, o.readOnlyEnd(o.address("zeroed")));
        assertEquals(-1, o.readOnlyEnd(0x10));
        assertEquals(-1, o.address("nosuch"));
    }

    @Test
    void shouldMoveEverythingToTheLoadBase() throws IOException {
        ObjectFiles linked = ObjectFiles.read(List.of(prog), List.of(0L));
        // A -no-pie program's lowest PT_LOAD is at 0x400000: base 0x500000 moves it by 0x100000.
        ObjectFiles moved = ObjectFiles.read(List.of(prog), List.of(0x500000L));
        assertEquals(linked.address("motto") + 0x100000, moved.address("motto"));
        assertEquals(linked.readOnlyEnd(linked.address("motto")) + 0x100000,
                moved.readOnlyEnd(moved.address("motto")));
    }

    @Test
    void shouldRefuseAFileThatIsNotElf() throws IOException {
        Path f = dir.resolve("not-elf");
        Files.writeString(f, "hello");
        assertThrows(IOException.class, () -> ObjectFiles.read(List.of(f), List.of(0L)));
    }
}
