package dev.hindsight.cli.command;

import dev.hindsight.cli.UserError;
import dev.hindsight.collect.LaunchException;
import dev.hindsight.collect.MachineSupport;
import dev.hindsight.collect.RecordMethod;
import dev.hindsight.collect.Recorder;
import dev.hindsight.collect.RecordingException;
import dev.hindsight.collect.RecordingManifest;
import dev.hindsight.collect.sys.SysCallException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight record [-m auto|pt|bts|sw] [-o FILE.hsb|DIR] -- PROG ARGS...} or
 * {@code --pid PID}: records a program's branches into a trace bundle (a name ending in
 * {@code .hsb}, the default) or, for sw, a recording directory (any other name). A launched
 * program's exit code becomes the command's.
 */
@Command(name = "record", header = "Record the branches of a program (launched, or attached with --pid).")
public final class RecordCommand implements Callable<Integer> {
    /** The recording methods as the -m option names them. */
    enum Method { auto, pt, bts, sw }

    @picocli.CommandLine.ParentCommand
    private dev.hindsight.cli.Hindsight root;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-m", "--method"}, defaultValue = "auto",
            description = "auto (pt, then bts, then sw), pt, bts or sw. Default: ${DEFAULT-VALUE}.")
    private Method method;

    @Option(names = {"-o", "--output"}, defaultValue = "hindsight.hsb",
            description = "The trace bundle to write (FILE.hsb), or for sw a recording directory"
                    + " (any other name). Default: ${DEFAULT-VALUE}.")
    private Path output;

    @Option(names = "--buffer-size", defaultValue = "0", paramLabel = "BYTES",
            description = "pt/bts: the per-thread trace buffer (pt: a power of two number of"
                    + " pages; default 4 MiB for pt, 64 KiB for bts).")
    private long bufferSize;

    @Option(names = "--snapshot", description = "pt: ring mode, keep only the newest buffer-full.")
    private boolean snapshot;

    @Option(names = "--pid", description = "Attach to this running process instead of launching one.")
    private int pid;

    @Option(names = "--no-aslr", description = "Launch the program with address space layout randomisation off.")
    private boolean noAslr;

    @Option(names = "--max-instructions", defaultValue = "0",
            description = "Stop recording after this many instructions (0: until the program ends).")
    private long maxInstructions;

    @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
            description = "Stop recording after this many seconds (0: until the program ends).")
    private double duration;

    @Parameters(paramLabel = "PROG", arity = "0..*", description = "The program and its arguments, after --.")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pid != 0 && !command.isEmpty()) {
            throw new UserError("give either --pid or a program, not both", 2);
        }
        if (pid == 0 && command.isEmpty()) {
            throw new UserError("nothing to record: give -- PROG ARGS... or --pid PID", 2);
        }
        RecordMethod m = method == Method.auto ? null : RecordMethod.valueOf(method.name()
                .toUpperCase(java.util.Locale.ROOT));
        Recorder.Outcome o;
        // Ctrl-C ends the recording, not the recorder: the hook asks it to stop, and waits
        // (a little) for the recording to be written and an attached process detached.
        AtomicReference<Runnable> running = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            Runnable r = running.get();
            if (r != null) {
                r.run();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "hindsight-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // Relative to the command line's working directory (the process's, but for in-process runs).
        output = root.resolve(output.toString());
        try {
            if (m != null && m != RecordMethod.SW && !Recorder.isBundle(output)) {
                throw new UserError("-m " + m.cliName() + " writes a trace bundle: give -o FILE.hsb");
            }
            o = Recorder.record(new Recorder.Request(m, output, command, pid, noAslr,
                    maxInstructions, (long) (duration * 1000), bufferSize, snapshot),
                    MachineSupport.probe(), line -> {
                        err.println("hindsight: " + line);
                        err.flush();
                    }, running::set);
        } catch (RecordingException | LaunchException | SysCallException
                | dev.hindsight.collect.pt.PtUnavailableException
                | dev.hindsight.collect.bundle.BundleFormatException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        RecordingManifest r = o.manifest();
        if (r == null) {
            var b = o.bundle();
            long bytes = b.threads().stream().mapToLong(t -> t.size()).sum();
            long gaps = b.threads().stream().mapToLong(t -> t.gaps().size()).sum();
            out.printf("recorded %d bytes of %s trace, %d thread%s, %d gap%s, %d images to %s%n",
                    bytes, o.method().cliName(), b.threads().size(),
                    b.threads().size() == 1 ? "" : "s", gaps, gaps == 1 ? "" : "s",
                    b.images().size(), output);
            if (!o.ended()) {
                out.println("stopped (time limit reached)" + (pid != 0 ? "; detached"
                        : "; program killed"));
            }
            out.flush();
            return pid == 0 && o.ended() ? o.exitCode() : 0;
        }
        long branches = r.threads().stream().mapToLong(RecordingManifest.ThreadEntry::branches).sum();
        out.printf("recorded %d branches in %d instructions, %d thread%s, %d images to %s (method %s)%n",
                branches, r.instructions(), r.threads().size(), r.threads().size() == 1 ? "" : "s",
                r.images().size(), output, o.method().cliName());
        if (!o.ended()) {
            out.println("stopped after " + r.instructions() + " instructions (limit reached)"
                    + (pid != 0 ? "; detached" : "; program killed"));
        }
        out.flush();
        return pid == 0 && o.ended() ? o.exitCode() : 0;
    }
}
