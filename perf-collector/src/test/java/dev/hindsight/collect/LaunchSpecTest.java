package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchSpecTest {
    @TempDir
    Path dir;

    private LaunchSpec spec(String prog) {
        return new LaunchSpec(List.of(prog, "a b"), Map.of("PATH", dir.toString()), false, null,
                null, null);
    }

    @Test
    void shouldFindAProgramNameInPath() throws IOException {
        Path p = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        p.toFile().setExecutable(true);
        assertEquals(List.of(p.toAbsolutePath().toString(), "a b"), spec("tool").resolvedArgv());
    }

    @Test
    void shouldSayWhenANameIsNotInPath() {
        assertEquals("nope: command not found", assertThrows(LaunchException.class,
                () -> spec("nope").resolvedArgv()).getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotExecutable() throws IOException {
        Path p = Files.writeString(dir.resolve("data"), "x");
        assertEquals(p + ": not an executable file", assertThrows(LaunchException.class,
                () -> spec(p.toString()).resolvedArgv()).getMessage());
    }

    @Test
    void shouldRefuseAnEmptyCommand() {
        assertThrows(IllegalArgumentException.class, () -> LaunchSpec.of(List.of()));
    }
}
