package dev.hindsight.pt.bench;

import dev.hindsight.pt.libipt.FileRange;
import dev.hindsight.pt.libipt.LibiptOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libipt's own decoders timed natively: a small C program ({@code libipt-flow.c}, compiled here
 * with gcc against Debian's libipt-dev) runs ptxed's decode loop with no JNA in between, so the
 * reference figure is libipt's, not the cost of calling it from Java.
 */
public final class NativeLibiptBenchmark implements AutoCloseable {
    private final Path dir;
    private final Path exe;

    private NativeLibiptBenchmark(Path dir, Path exe) {
        this.dir = dir;
        this.exe = exe;
    }

    /**
     * Compiles the harness into a temporary directory.
     *
     * @throws IllegalStateException with a one-line reason if gcc, the libipt headers or the
     *     library are missing
     */
    public static NativeLibiptBenchmark compile() {
        try {
            Path dir = Files.createTempDirectory("hindsight-libipt-bench");
            Path src = dir.resolve("libipt-flow.c");
            try (InputStream in = NativeLibiptBenchmark.class.getResourceAsStream("libipt-flow.c")) {
                Files.copy(in, src);
            }
            Path exe = dir.resolve("libipt-flow");
            Process p = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), src.toString(), "-lipt")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("cannot build the native libipt reference (needs gcc and "
                        + "libipt-dev): " + out.lines().findFirst().orElse("gcc failed"));
            }
            return new NativeLibiptBenchmark(dir, exe);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the native libipt reference: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Runs libipt's block or instruction decoder natively over a trace file.
     *
     * @param kind {@link FlowBenchmark.Kind#LIBIPT_BLOCK} or {@link FlowBenchmark.Kind#LIBIPT_INSN}
     * @param trace the trace file
     * @param image the image as file ranges
     * @param options the CPU to decode for (the other fields are not used)
     * @return the figures; the CPU-time median is the wall-time median
     */
    public FlowBenchmark.Result run(FlowBenchmark.Kind kind, Path trace, List<FileRange> image,
            LibiptOptions options, int warmup, int runs) {
        if (!kind.libipt()) {
            throw new IllegalArgumentException(kind + " is not libipt's decoder");
        }
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), trace.toString(),
                kind.block() ? "block" : "insn", Integer.toString(warmup), Integer.toString(runs),
                Integer.toString(options.cpuFamily()), Integer.toString(options.cpuModel()),
                Integer.toString(options.cpuStepping())));
        for (FileRange r : image) {
            cmd.addAll(List.of(r.file().toString(), Long.toUnsignedString(r.offset()),
                    Long.toUnsignedString(r.size()), Long.toUnsignedString(r.vaddr())));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("native libipt reference failed: " + out);
            }
            String[] f = out.split(" ");
            long median = Long.parseLong(f[3]);
            return new FlowBenchmark.Result(kind, Files.size(trace),
                    new FlowBenchmark.Counts(Long.parseLong(f[0]), Long.parseLong(f[1]), 0, Long.parseLong(f[2])),
                    median, Long.parseLong(f[4]), Long.parseLong(f[5]), median);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(exe);
            Files.deleteIfExists(dir.resolve("libipt-flow.c"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
