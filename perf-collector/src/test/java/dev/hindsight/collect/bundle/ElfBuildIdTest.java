package dev.hindsight.collect.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfBuildIdTest {
    @TempDir
    Path dir;

    private Path gcc(String name, String... flags) throws IOException, InterruptedException {
        Path src = dir.resolve("m.c");
        Files.writeString(src, "int main(void) { return 0; }\n");
        Path exe = dir.resolve(name);
        var cmd = new java.util.ArrayList<>(java.util.List.of("gcc", "-o", exe.toString()));
        cmd.addAll(java.util.List.of(flags));
        cmd.add(src.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return exe;
    }

    private static String readelfBuildId(Path exe) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("readelf", "-n", exe.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        for (String line : out.split("\n")) {
            if (line.trim().startsWith("Build ID:")) {
                return line.trim().substring("Build ID:".length()).trim();
            }
        }
        return null;
    }

    @Test
    void shouldReadTheBuildIdAsReadelfShowsIt() throws IOException, InterruptedException {
        Path exe = gcc("withid", "-Wl,--build-id=sha1");
        String want = readelfBuildId(exe);
        assertEquals(40, want.length());
        assertEquals(want, ElfBuildId.read(exe));
        assertNull(ElfBuildId.read(gcc("noid", "-Wl,--build-id=none")));
        Path text = dir.resolve("text");
        Files.writeString(text, "not an elf");
        assertNull(ElfBuildId.read(text));
    }

    @Test
    void shouldGiveTheBaseOfAPieWhereverItWasMapped() throws IOException, InterruptedException {
        ByteBuffer pie = ByteBuffer.wrap(Files.readAllBytes(gcc("pie", "-fpie", "-pie")));
        // A PIE links at 0; mapped at 0x555555554000 its text page (offset 0x1000) sits 0x1000 on.
        assertEquals(0x555555554000L, ElfBuildId.loadBase(pie, 0x555555554000L, 0));
        assertEquals(0x555555554000L, ElfBuildId.loadBase(pie, 0x555555555000L, 0x1000));
        assertEquals(-1, ElfBuildId.loadBase(ByteBuffer.wrap(new byte[64]), 0x1000, 0));
    }
}
