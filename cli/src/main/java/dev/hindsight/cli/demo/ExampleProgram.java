package dev.hindsight.cli.demo;

import dev.hindsight.cli.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's example program: {@code demo.c} (a resource: recursion, calls through a function
 * pointer, a loop, its own {@code _start}) compiled with a C compiler into a folder.
 */
public final class ExampleProgram {
    /** The source file's name, as a resource beside this class and in the output folder. */
    public static final String SOURCE = "demo.c";
    /** The executable's name in the output folder. */
    public static final String EXECUTABLE = "demo";

    /**
     * The compiler flags: debug info for the source lines, frame pointers, no stack protector
     * (there is no C library to set up the canary's TLS), static and without the C library so
     * that the recording holds this program's instructions only.
     */
    public static final List<String> FLAGS = List.of("-O1", "-g", "-fno-omit-frame-pointer",
            "-fno-stack-protector", "-static", "-nostdlib");

    private final String compiler;

    /** An example built by {@code compiler} (a name found on the PATH, or a path). */
    public ExampleProgram(String compiler) {
        this.compiler = compiler;
    }

    /** The example's source text. */
    public static String source() {
        try (InputStream in = ExampleProgram.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command line that compiles the source into {@code demo}, run in the output folder so
     * that the debug info names the source {@code demo.c}, as a user's own build would.
     */
    public List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add(compiler);
        cmd.addAll(FLAGS);
        cmd.addAll(List.of("-o", EXECUTABLE, SOURCE));
        return cmd;
    }

    /**
     * Writes the source into {@code dir} and compiles it there.
     *
     * @return the executable
     * @throws UserError when the compiler cannot be run or fails (one line)
     */
    public Path build(Path dir) throws IOException {
        Path src = dir.resolve(SOURCE);
        Files.writeString(src, source());
        Path exe = dir.resolve(EXECUTABLE);
        List<String> cmd = commandLine();
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UserError("cannot run the C compiler '" + compiler + "' (install gcc,"
                    + " e.g. with scripts/setup)");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError(compiler + " did not finish compiling " + SOURCE
                        + " within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while compiling " + SOURCE);
        }
        if (p.exitValue() != 0) {
            String first = output.strip().lines().findFirst().orElse("exit code " + p.exitValue());
            throw new UserError(compiler + " could not compile " + SOURCE + ": " + first);
        }
        return exe;
    }
}
