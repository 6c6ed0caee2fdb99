package dev.hindsight.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's example program and its compilation. */
class ExampleProgramTest {
    @TempDir
    Path dir;

    @Test
    void shouldBuildAProgramThatRunsWithoutTheCLibrary() throws Exception {
        Path exe = new ExampleProgram("gcc").build(dir);
        assertEquals(ExampleProgram.source(), Files.readString(dir.resolve("demo.c")));
        Process p = new ProcessBuilder(exe.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    @Test
    void shouldShipRecursionAFunctionPointerAndALoop() {
        String src = ExampleProgram.source();
        assertTrue(src.contains("factorial(n - 1)"), src);
        assertTrue(src.contains("return op(x);"), src);
        assertTrue(src.contains("for (int i = 0; i < rounds; i++)"), src);
        assertTrue(src.contains("void _start(void)"), src);
    }

    @Test
    void shouldNameTheCompilerThatCannotBeRun() {
        UserError e = assertThrows(UserError.class,
                () -> new ExampleProgram(dir.resolve("cc").toString()).build(dir));
        assertTrue(e.getMessage().startsWith("cannot run the C compiler '"), e.getMessage());
    }

    @Test
    void shouldGiveTheCompilersFirstErrorLineWhenItFails() throws Exception {
        Path cc = dir.resolve("failing-cc");
        Files.writeString(cc, "#!/bin/sh\necho 'demo.c:1: error: broken'\necho second >&2\nexit 1\n");
        assertTrue(cc.toFile().setExecutable(true));
        UserError e = assertThrows(UserError.class, () -> new ExampleProgram(cc.toString()).build(dir));
        assertEquals(cc + " could not compile demo.c: demo.c:1: error: broken", e.getMessage());
    }
}
