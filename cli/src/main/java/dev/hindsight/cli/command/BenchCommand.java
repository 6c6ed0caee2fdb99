package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.errata.CpuId;
import dev.hindsight.errata.Errata;
import dev.hindsight.pt.bench.FlowBenchmark;
import dev.hindsight.pt.bench.NativeLibiptBenchmark;
import dev.hindsight.pt.bench.PacketBenchmark;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.image.ElfLoader;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.PageDumpLoader;
import dev.hindsight.pt.image.RawLoader;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.libipt.FileRange;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptOptions;
import dev.hindsight.pt.query.QueryConfig;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.packet.TraceFile;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hindsight bench}: throughput measurements of the decoders and the collector. */
@Command(name = "bench",
        header = "Measure decoder and collector throughput.",
        subcommands = {BenchCommand.Packets.class, BenchCommand.Flow.class, BenchHistoryCommand.class, BenchStepCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Hindsight root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The root command (for resolving file names). */
    Hindsight root() {
        return root;
    }

    /** {@code hindsight bench packets FILE...}: the packet decoder's speed on each trace. */
    @Command(name = "packets",
            header = "Measure packet decoding speed (MB/s) on raw Intel PT traces.",
            description = "Maps each file and walks every packet from the first PSB to the end, "
                    + "resynchronising after errors; prints the size, the packet count and the "
                    + "median, min and max MB/s of the timed runs.")
    public static final class Packets implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BenchCommand bench;

        @Option(names = "--runs", defaultValue = "7", description = "Timed runs per file (default: ${DEFAULT-VALUE}).")
        private int runs;

        @Option(names = "--warmup", defaultValue = "5", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
        private int warmup;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Raw Intel PT traces.")
        private List<String> files;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || warmup < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--runs must be at least 1 and --warmup at least 0");
            }
            PrintWriter out = spec.commandLine().getOut();
            for (String file : files) {
                ByteBuffer trace = TraceFile.map(bench.root.resolve(file));
                PacketBenchmark.Result r = PacketBenchmark.run(trace, PacketDecoderConfig.DEFAULT,
                        warmup, runs);
                out.println(String.format(Locale.ROOT,
                        "%s: %d bytes, %d packets, %d errors: median %.1f MB/s (min %.1f, max %.1f,"
                                + " %d runs; by thread CPU time: median %.1f MB/s)",
                        file, r.bytes(), r.packets(), r.errors(), r.median(), r.min(), r.max(), runs,
                        r.cpuMedian()));
                out.flush();
            }
            return 0;
        }
    }

    /** {@code hindsight bench flow FILE...}: the flow decoders' speed on each trace. */
    @Command(name = "flow",
            header = "Measure instruction flow decoding speed (instructions/s, MB/s).",
            description = "Decodes each trace completely with the block and the instruction "
                    + "decoder as ptxed would, without output; prints the counts and the median, "
                    + "min and max of the timed runs. Give the memory image as ptxed does.")
    public static final class Flow implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BenchCommand bench;

        @Option(names = "--runs", defaultValue = "7", description = "Timed runs per file and decoder (default: ${DEFAULT-VALUE}).")
        private int runs;

        @Option(names = "--warmup", defaultValue = "3", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
        private int warmup;

        @Option(names = "--warmup-time", defaultValue = "1000", paramLabel = "MS",
                description = "Keep warming Hindsight's decoders up until the untimed runs took this "
                        + "long and the JIT has compiled nothing for 200 ms (at most 5 times this "
                        + "long), so the JIT has compiled them; libipt's native code needs no such "
                        + "time (default: ${DEFAULT-VALUE}; 0: --warmup runs only).")
        private long warmupMillis;

        @Option(names = "--raw", paramLabel = "<file>[:<from>[-<to>]]:<base>",
                description = "Load a raw binary into the image (repeatable).")
        private List<String> raws = new java.util.ArrayList<>();

        @Option(names = "--elf", paramLabel = "<file>[:<base>]", description = "Load an ELF file (repeatable).")
        private List<String> elfs = new java.util.ArrayList<>();

        @Option(names = "--page-dump", paramLabel = "DIR",
                description = "Load a libxdc page dump (image.addr, image.dump) from DIR.")
        private List<String> pageDumps = new java.util.ArrayList<>();

        @Option(names = "--cpu", paramLabel = "none|f/m[/s]", description = "Work around this CPU's errata.")
        private String cpu;

        @Option(names = "--decoder", defaultValue = "both", paramLabel = "block|insn|both",
                description = "Which decoder to measure (default: ${DEFAULT-VALUE}).")
        private String decoder;

        @Option(names = "--reference", defaultValue = "native", paramLabel = "native|jna|none",
                description = "Also time libipt's decoder of the same kind in the same run and print "
                        + "the ratio: native (libipt2 2.0.5 called from a C harness built here with gcc "
                        + "and libipt-dev; the fair figure), jna (the same library through JNA, which "
                        + "adds a call's cost per block or instruction) or none (default: ${DEFAULT-VALUE}).")
        private String reference;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Raw Intel PT traces.")
        private List<String> files;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || warmup < 0 || warmupMillis < 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--runs must be at least 1, --warmup and --warmup-time at least 0");
            }
            List<FlowBenchmark.Kind> kinds = switch (decoder) {
                case "block" -> List.of(FlowBenchmark.Kind.BLOCK);
                case "insn" -> List.of(FlowBenchmark.Kind.INSN);
                case "both" -> List.of(FlowBenchmark.Kind.BLOCK, FlowBenchmark.Kind.INSN);
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--decoder must be block, insn or both");
            };
            SectionCache cache = new SectionCache("bench");
            Image image = new Image("bench");
            java.nio.file.Path dir = bench.root.resolve("");
            for (String raw : raws) {
                RawLoader.load(raw, dir, cache, image);
            }
            for (String elf : elfs) {
                ElfLoader.load(elf, dir, cache, image);
            }
            for (String dump : pageDumps) {
                PageDumpLoader.load(bench.root.resolve(dump), cache, image);
            }
            QueryConfig.Builder query = QueryConfig.builder();
            LibiptOptions libiptOptions = LibiptOptions.defaults();
            if (cpu != null && !"none".equals(cpu)) {
                CpuId id = CpuId.parse(cpu);
                query.errata(Errata.forCpu(id));
                libiptOptions = libiptOptions.withCpu(id.family(), id.model(), id.stepping());
            }
            if (!List.of("native", "jna", "none").contains(reference)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--reference must be native, jna or none");
            }
            String missing = LibiptDecoder.unavailableReason();
            if (!"none".equals(reference) && missing != null) {
                throw new UserError("bench flow --reference " + reference + ": " + missing);
            }
            FlowConfig config = FlowConfig.of(query.build(), false, false);
            PrintWriter out = spec.commandLine().getOut();
            try (NativeLibiptBenchmark nativeRef = "native".equals(reference) ? NativeLibiptBenchmark.compile() : null) {
                for (String file : files) {
                    java.nio.file.Path path = bench.root.resolve(file);
                    ByteBuffer trace = TraceFile.map(path);
                    FlowBenchmark.Setup setup = new FlowBenchmark.Setup(trace, image, config, libiptOptions);
                    for (FlowBenchmark.Kind kind : kinds) {
                        FlowBenchmark.Result r = FlowBenchmark.run(kind, setup, warmup, warmupMillis, runs);
                        print(out, file, r, "");
                        if ("none".equals(reference)) {
                            continue;
                        }
                        FlowBenchmark.Result ref = nativeRef != null
                                ? nativeRef.run(kind.reference(), path, FileRange.of(image), libiptOptions, warmup, runs)
                                : FlowBenchmark.run(kind.reference(), setup, warmup, warmupMillis, runs);
                        print(out, file, ref, " (" + reference + ")");
                        out.println(String.format(Locale.ROOT,
                                "%s %s: hindsight / libipt 2.0.5 (%s) = %.2fx (median wall time)",
                                file, kind.name().toLowerCase(Locale.ROOT), reference,
                                r.insnsPerSecond() / ref.insnsPerSecond()));
                        out.flush();
                    }
                }
            } catch (IllegalStateException e) {
                throw new UserError("bench flow: " + e.getMessage());
            }
            return 0;
        }

        private void print(PrintWriter out, String file, FlowBenchmark.Result r, String how) {
            out.println(String.format(Locale.ROOT,
                    "%s %s%s: %d bytes, %d insns, %d blocks, %d errors: median %.1f M insns/s, %.2f MB/s"
                            + " (%.1f ms; min %.1f, max %.1f; %d runs; CPU time: %.1f M insns/s)",
                    file, r.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), how, r.bytes(),
                    r.counts().insns(), r.counts().blocks(), r.counts().errors(),
                    r.insnsPerSecond(), r.megabytesPerSecond(), r.medianNanos() / 1e6,
                    r.minNanos() / 1e6, r.maxNanos() / 1e6, runs, r.cpuInsnsPerSecond()));
            out.flush();
        }
    }
}
