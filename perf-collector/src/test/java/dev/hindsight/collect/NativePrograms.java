package dev.hindsight.collect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the C test programs in {@code src/test/resources/c} with gcc at test time (once per
 * JVM and flag set), and runs the C single-stepper that serves as baseline and oracle.
 */
public final class NativePrograms {
    private static final Path OUT = Path.of("target", "c-bin");
    private static final Map<String, Path> BUILT = new LinkedHashMap<>();

    private NativePrograms() {
    }

    /** The program built from {@code name}.c; {@code static} links it statically (and with pthread). */
    public static synchronized Path build(String name, boolean statically) {
        String key = name + (statically ? "-static" : "");
        Path done = BUILT.get(key);
        if (done != null) {
            return done;
        }
        try {
            Files.createDirectories(OUT);
            Path src = OUT.resolve(name + ".c");
            try (InputStream in = NativePrograms.class.getResourceAsStream("/c/" + name + ".c")) {
                if (in == null) {
                    throw new IllegalStateException("no test program " + name + ".c");
                }
                Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
            }
            Path bin = OUT.resolve(key).toAbsolutePath();
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-pthread", "-o",
                    bin.toString(), src.toString()));
            if (statically) {
                cmd.add(1, "-static");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("gcc failed for " + name + ": " + log);
            }
            BUILT.put(key, bin);
            return bin;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the C stepper counted. */
    public record StepperResult(long steps, long branches, int threads, int exit, double seconds) {
        /** Steps per second. */
        public double rate() {
            return steps / seconds;
        }
    }

    /** An environment both steppers give the program, so both runs are the same instructions. */
    public static Map<String, String> fixedEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        // The launcher shell (dash) exports PWD; give the C stepper's child the same one.
        env.put("PWD", Path.of("").toAbsolutePath().toString());
        return env;
    }

    /** Runs the C stepper over {@code argv} with ASLR off and {@link #fixedEnv()}. */
    public static StepperResult cStep(List<String> argv) {
        return cStep(argv, null);
    }

    /** As {@link #cStep(List)}, writing "tid pc" of every stop to {@code trace} if not null. */
    public static StepperResult cStep(List<String> argv, Path trace) {
        Path stepper = build("stepper", false);
        List<String> cmd = new ArrayList<>(List.of(stepper.toString(), "-R"));
        if (trace != null) {
            cmd.addAll(List.of("-t", trace.toString()));
        }
        cmd.addAll(argv);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(fixedEnv());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            String line = out.lines().filter(l -> l.startsWith("steps ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("stepper said: " + out));
            String[] f = line.split(" ");
            return new StepperResult(Long.parseLong(f[1]), Long.parseLong(f[3]),
                    Integer.parseInt(f[5]), Integer.parseInt(f[7]), Double.parseDouble(f[9]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A launch spec for {@code argv} with ASLR off, {@link #fixedEnv()} and output discarded. */
    public static LaunchSpec spec(List<String> argv) {
        return new LaunchSpec(argv, fixedEnv(), true, null, Path.of("/dev/null"),
                Path.of("/dev/null"));
    }
}
