package dev.hindsight.cli.demo;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.collect.LaunchException;
import dev.hindsight.collect.LaunchSpec;
import dev.hindsight.collect.MachineSupport;
import dev.hindsight.collect.RecordMethod;
import dev.hindsight.collect.Recorder;
import dev.hindsight.collect.RecordingException;
import dev.hindsight.collect.RecordingManifest;
import dev.hindsight.collect.bundle.BundleFormatException;
import dev.hindsight.collect.bundle.ExtractedThread;
import dev.hindsight.collect.bundle.TraceBundle;
import dev.hindsight.collect.sys.SysCallException;
import dev.hindsight.fixtures.FixtureFiles;
import dev.hindsight.fixtures.GroundTruth;
import dev.hindsight.fixtures.GroundTruthRecorder;
import dev.hindsight.fixtures.ThreadTrace;
import dev.hindsight.fixtures.pt.PtEncoderConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The guided run behind {@code hindsight demo}: picks this machine's recording method, compiles
 * and records the {@link ExampleProgram}, saves the trace bundle, and prints gdb's
 * {@code info record}, {@code record function-call-history /ilc} and
 * {@code record instruction-history /m} over it as a session transcript. Without Intel PT it
 * also decodes the same run from a synthesised PT trace (the single-step ground truth through
 * the fixtures' PT encoder), so Hindsight's PT decoder is seen at work on any machine.
 */
public final class Demo {
    /** Stops a runaway example; the real one retires a few thousand instructions. */
    static final long MAX_INSTRUCTIONS = 2_000_000;
    /** Call histories up to this many lines are printed whole, longer ones a page at a time. */
    static final int WHOLE_CALL_HISTORY = 60;
    private static final int PAGE = 10;

    private final String compiler;
    private final Path keep;
    private final MachineSupport machine;
    private final PrintWriter out;
    private final int wholeCallHistory;

    /**
     * A demo.
     *
     * @param compiler the C compiler (gcc)
     * @param keep the folder to leave the files in, or null for a temporary one deleted after
     * @param machine what this machine supports
     * @param out where the transcript goes
     */
    public Demo(String compiler, Path keep, MachineSupport machine, PrintWriter out) {
        this(compiler, keep, machine, out, WHOLE_CALL_HISTORY);
    }

    /** As the public constructor, printing call histories whole up to {@code wholeCallHistory} lines. */
    Demo(String compiler, Path keep, MachineSupport machine, PrintWriter out,
            int wholeCallHistory) {
        this.compiler = compiler;
        this.keep = keep;
        this.machine = machine;
        this.out = out;
        this.wholeCallHistory = wholeCallHistory;
    }

    /**
     * Runs the demo.
     *
     * @throws UserError for anything the user can fix (no compiler, no ptrace), as one line
     */
    public void run() throws IOException {
        Path dir = keep != null ? Files.createDirectories(keep)
                : Files.createTempDirectory("hindsight-demo-");
        try {
            runIn(dir.toAbsolutePath());
        } finally {
            out.flush();
            if (keep == null) {
                deleteTree(dir);
            }
        }
    }

    private void runIn(Path dir) throws IOException {
        out.println("Hindsight demo: record a small C program, then browse its execution history"
                + " with gdb's record commands.");
        heading("1. Recording method");
        RecordMethod method = chooseMethod();

        heading("2. The example program");
        ExampleProgram example = new ExampleProgram(compiler);
        Path exe = example.build(dir);
        out.println(ExampleProgram.SOURCE + ": recursion (factorial), calls through a function"
                + " pointer (square, twice via apply), a loop (checksum); its own _start, no C"
                + " library");
        out.println("$ " + String.join(" ", example.commandLine()));

        heading("3. Recording");
        Path bundle = record(method, exe, dir);

        heading("4. The history, as gdb shows it");
        browse(bundle);

        if (method != RecordMethod.PT) {
            heading("5. The same run as an Intel PT trace (synthesised)");
            synthesisedPt(exe, dir);
        }
        out.println();
        out.println(keep != null ? "Files kept in " + dir
                : "Temporary files deleted (hindsight demo --keep DIR keeps them).");
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    /** The verdict for each method, and the one {@code record -m auto} takes. */
    private RecordMethod chooseMethod() {
        out.println("cpu: " + machine.cpu().id() + (machine.cpu().modelName().isEmpty() ? ""
                : " (" + machine.cpu().modelName() + ")"));
        for (RecordMethod m : RecordMethod.values()) {
            MachineSupport.Verdict v = machine.verdict(m);
            out.printf("  %-4s %s: %s%n", m.cliName(), v.supported() ? "yes" : "no", v.reason());
        }
        try {
            MachineSupport.Verdict v = Recorder.choose(null, machine, line -> { });
            out.println("record -m auto takes the first that works (pt, then bts, then sw): "
                    + v.method().cliName());
            return v.method();
        } catch (RecordingException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Records the example into a bundle beside it; the one place the saved format is chosen. */
    private Path record(RecordMethod method, Path exe, Path dir) throws IOException {
        Path bundle = dir.resolve("demo.hsb");
        out.println("$ hindsight record -m " + method.cliName() + " -o demo.hsb -- ./demo");
        out.flush();
        Recorder.Outcome o;
        try {
            o = Recorder.record(new Recorder.Request(method, bundle, List.of(exe.toString()), 0,
                    false, MAX_INSTRUCTIONS, 0), machine, line -> { });
        } catch (RecordingException | LaunchException | SysCallException
                | dev.hindsight.collect.pt.PtUnavailableException | BundleFormatException e) {
            throw new UserError("cannot record the example: " + e.getMessage());
        }
        if (!o.ended()) {
            throw new UserError("the example did not end within " + MAX_INSTRUCTIONS
                    + " instructions");
        }
        RecordingManifest r = o.manifest();
        if (r != null) {
            long branches = r.threads().stream()
                    .mapToLong(RecordingManifest.ThreadEntry::branches).sum();
            out.printf("recorded %d branches in %d instructions (%s: each instruction"
                    + " single-stepped with ptrace, branches kept as BTS records)%n", branches,
                    r.instructions(), method.cliName());
        } else {
            out.printf("recorded with %s%n", method.cliName());
        }
        out.printf("the example exited with code %d%n", o.exitCode());
        out.printf("trace bundle: %s, %d bytes (manifest, trace, the program's code)%s%n",
                bundle, Files.size(bundle), keep != null ? "" : "; deleted at the end");
        return bundle;
    }

    /** gdb's record commands over the bundle's first thread. */
    private void browse(Path bundle) throws IOException {
        try (TraceBundle b = TraceBundle.open(bundle)) {
            ExtractedThread t = b.extractThread(b.threadIds().get(0));
            List<String> input = inputArgs(t);
            input.addAll(List.of("--thread", "1", "--target-id", "process "
                    + b.manifest().pid()));
            if (!t.isPt()) {
                out.println("BTS records hold branches only: the history starts at the first"
                        + " branch's target and ends where the program stood when it exited.");
            }
            transcript(input, true);
        }
    }

    /** Records the example's ground truth, encodes it as PT and decodes that. */
    private void synthesisedPt(Path exe, Path dir) throws IOException {
        out.println("This machine has no Intel PT, so Hindsight makes the trace PT hardware would"
                + " have written: it single-steps the example (every retired instruction),"
                + " encodes that as Intel PT packets, and decodes the packets with its own PT"
                + " flow decoder. The trace below is synthesised, not written by hardware.");
        GroundTruth gt;
        try {
            gt = new GroundTruthRecorder(MAX_INSTRUCTIONS).record(LaunchSpec.of(
                    List.of(exe.toString())).withOutput(Path.of("/dev/null"),
                    Path.of("/dev/null")));
        } catch (LaunchException | SysCallException | IllegalStateException e) {
            throw new UserError("cannot single-step the example: " + e.getMessage());
        }
        Path ptDir = dir.resolve("synthesised-pt");
        FixtureFiles.write(gt, PtEncoderConfig.DEFAULT, ptDir);
        ThreadTrace thread = gt.threads().get(0);
        Path pt = ptDir.resolve("thread-" + thread.tid() + ".pt");
        out.printf("ground truth: %d instructions; synthesised PT trace: %s, %d bytes%n",
                thread.size(), pt, Files.size(pt));
        List<String> input = new ArrayList<>(List.of("--pt", pt.toString(), "--elf",
                exe.toString()));
        // The code as it ran, over the file's segments (later images win, as with ptxed).
        for (String line : Files.readAllLines(ptDir.resolve("ptxed-args.txt"))) {
            String[] f = line.trim().split("\\s+", 2);
            if (f.length == 2 && f[0].equals("--raw")) {
                input.addAll(List.of("--raw", ptDir.resolve(f[1]).toString()));
            }
        }
        input.addAll(List.of("--thread", "1", "--target-id", "process " + thread.tid()));
        transcript(input, false);
    }

    /**
     * {@code info record}, the call history (whole when short, else its first page) and, when
     * {@code full}, the last page of the instruction history.
     */
    private void transcript(List<String> input, boolean full) {
        gdb("info record", run("info-record", input));
        String modifiers = full ? "/ilc" : "/c";
        List<String> all = new ArrayList<>(List.of(modifiers, "--call-history-size", "0"));
        String calls = run("function-call-history", input, all.toArray(String[]::new));
        if (calls.lines().count() <= wholeCallHistory) {
            gdb("set record function-call-history-size unlimited", "");
            gdb("record function-call-history " + modifiers, calls);
        } else {
            String range = "1,+" + PAGE;
            gdb("record function-call-history " + modifiers + " " + range,
                    run("function-call-history", input, modifiers, range));
        }
        if (full) {
            gdb("record instruction-history /m", run("instruction-history", input, "/m"));
        }
    }

    private void gdb(String command, String output) {
        out.println("(gdb) " + command);
        out.print(output);
        out.flush();
    }

    /** Runs a history command in-process and returns its output. */
    private static String run(String command, List<String> input, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(List.of(args));
        argv.addAll(input);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Hindsight.commandLine(new PrintWriter(o, true), new PrintWriter(e, true))
                .execute(argv.toArray(String[]::new));
        if (code != 0) {
            String why = e.toString().strip().lines().findFirst().orElse("exit code " + code);
            throw new UserError(command + " failed: " + why.replaceFirst("^hindsight: ", ""));
        }
        return o.toString();
    }

    /** The history commands' input options for an extracted bundle thread. */
    private static List<String> inputArgs(ExtractedThread t) {
        List<String> a = new ArrayList<>();
        a.add(t.isPt() ? "--pt" : "--bts");
        a.add(t.trace().toString());
        if (!t.isPt()) {
            a.addAll(List.of("--bts-format", "ds"));
        }
        for (String e : t.elfArgs()) {
            a.addAll(List.of("--elf", e));
        }
        for (String r : t.rawArgs()) {
            a.addAll(List.of("--raw", r));
        }
        a.addAll(List.of("--cpu", t.cpu()));
        if (t.currentPc() != -1) {
            a.addAll(List.of("--pc", "0x" + Long.toHexString(t.currentPc())));
        }
        return a;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
