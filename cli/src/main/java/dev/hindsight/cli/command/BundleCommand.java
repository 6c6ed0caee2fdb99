package dev.hindsight.cli.command;

import dev.hindsight.cli.UserError;
import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.bundle.RecordingConverter;
import dev.hindsight.collect.bundle.TraceBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hindsight bundle info|convert}: inspects and makes trace bundles. */
@Command(name = "bundle", header = "Inspect trace bundles (.hsb) and convert recording directories.",
        subcommands = {BundleCommand.Info.class, BundleCommand.Convert.class})
public final class BundleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    private dev.hindsight.cli.Hindsight root;

    /** A file name relative to the command line's working directory. */
    Path resolve(Path file) {
        return root.resolve(file.toString());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code hindsight bundle info FILE}: what a bundle holds, after validating all of it. */
    @Command(name = "info", header = "Validate a trace bundle and list what it holds.")
    public static final class Info implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        private BundleCommand bundle;

        @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
        private Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (TraceBundle b = TraceBundle.open(bundle.resolve(file))) {
                BundleManifest m = b.manifest();
                out.println("bundle: " + file);
                out.println("format: " + m.format() + " version " + m.version());
                out.println("method: " + m.method());
                BundleManifest.Cpu c = m.cpu();
                out.println("cpu: " + c.vendor() + " " + c.family() + "/" + c.model() + "/"
                        + c.stepping());
                if (m.command() != null) {
                    out.println("command: " + String.join(" ", m.command()));
                }
                out.println("pid: " + m.pid());
                if (!m.perf().isEmpty()) {
                    out.println("perf: " + new java.util.TreeMap<>(m.perf()));
                }
                if (m.timing() != null) {
                    BundleManifest.Timing t = m.timing();
                    out.printf("timing: mtc-freq %d, nom-freq %d, cpuid-0x15 eax %d ebx %d, time"
                            + " shift %d mult %d zero %d%n", t.mtcFreq(), t.nomFreq(),
                            t.cpuid15Eax(), t.cpuid15Ebx(), t.timeShift(), t.timeMult(),
                            t.timeZero());
                }
                out.println("threads: " + m.threads().size());
                for (BundleManifest.ThreadEntry t : m.threads()) {
                    String what = t.kind().equals(BundleManifest.KIND_BTS) ? (t.size() / 24)
                            + " BTS records" : t.size() + " bytes of Intel PT";
                    out.println("  thread " + t.tid() + ": " + what + ", " + t.gaps().size()
                            + " gap" + (t.gaps().size() == 1 ? "" : "s"));
                    for (BundleManifest.Gap g : t.gaps()) {
                        out.println("    gap at offset 0x" + Long.toHexString(g.offset()) + ": "
                                + g.reason() + (g.count() > 0 ? " (" + g.count() + ")" : ""));
                    }
                    // Reading every stream checks its bytes too.
                    b.stream(t.tid());
                }
                if (m.sideband() != null) {
                    out.println("sideband: " + m.sideband().size() + " bytes of perf records");
                    b.sideband();
                }
                out.println("images: " + m.images().size());
                for (BundleManifest.ImageEntry i : m.images()) {
                    out.println("  " + i.start() + "-" + i.end() + " " + (i.path() == null
                            || i.path().isEmpty() ? "(anonymous)" : i.path())
                            + (i.fileOffset() != 0 ? " offset 0x" + Long.toHexString(i.fileOffset())
                                    : "") + (i.buildId() != null ? " build-id " + i.buildId() : "")
                            + (i.generation() != 0 ? " generation " + i.generation() : ""));
                    b.imageBytes(i);
                }
                out.println("tools: " + new java.util.TreeMap<>(m.tools()));
                out.flush();
                return 0;
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /** {@code hindsight bundle convert DIR FILE}: a recording directory as a bundle. */
    @Command(name = "convert", header = "Convert a recording directory into a trace bundle.")
    public static final class Convert implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.ParentCommand
        private BundleCommand bundle;

        @Parameters(index = "0", paramLabel = "DIR", description = "The recording directory.")
        private Path dir;

        @Parameters(index = "1", paramLabel = "FILE", description = "The bundle to write (.hsb).")
        private Path file;

        @Override
        public Integer call() {
            try {
                RecordingConverter.Result r = RecordingConverter.convert(bundle.resolve(dir), bundle.resolve(file));
                PrintWriter err = spec.commandLine().getErr();
                for (String w : r.warnings()) {
                    err.println("hindsight: warning: " + w);
                }
                err.flush();
                spec.commandLine().getOut().println("wrote " + file + ": "
                        + r.manifest().threads().size() + " threads, " + r.manifest().images()
                        .size() + " images");
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
        }
    }
}
