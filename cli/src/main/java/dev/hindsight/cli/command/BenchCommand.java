package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.pt.bench.PacketBenchmark;
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

/** {@code hindsight bench}: throughput measurements of the decoders. */
@Command(name = "bench",
        header = "Measure decoder throughput.",
        subcommands = {BenchCommand.Packets.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Hindsight root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
}
