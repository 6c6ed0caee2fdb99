package dev.hindsight.collect;

import dev.hindsight.collect.bundle.RecordingConverter;
import dev.hindsight.collect.sys.ProcMaps;
import dev.hindsight.collect.sys.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A program recorded with the {@code sw} method that stays stopped under ptrace between runs, as
 * gdb keeps a process recorded with {@code record btrace}: run to a breakpoint, an instruction
 * limit, a Ctrl-C or the end, look at the history so far ({@link #snapshot}) and at the live
 * memory and registers, run on. Like every ptrace user it must be driven from one thread.
 */
public final class LiveRecording implements AutoCloseable {
    private final SingleStepEngine engine;
    private final RecordingWriter writer;
    private final SoftwareBranchRecorder recorder;
    private final MachineSupport.Verdict verdict;
    private final CpuInfo cpu;
    private final List<String> command;
    private final Path work;
    private int snapshots;
    private boolean exited;

    private LiveRecording(SingleStepEngine engine, RecordingWriter writer, MachineSupport.Verdict verdict,
            CpuInfo cpu, List<String> command, Path work) {
        this.engine = engine;
        this.writer = writer;
        this.recorder = new SoftwareBranchRecorder(engine, writer);
        this.recorder.interruptible(true);
        this.verdict = verdict;
        this.cpu = cpu;
        this.command = command;
        this.work = work;
    }

    /**
     * Launches {@code command} (or attaches to {@code pid} when it is not 0) for recording with
     * {@code method} (null: auto). Only {@code sw} records a live session; pt and bts fail with the
     * message {@code hindsight record} gives when the machine lacks them, and with a message of
     * their own when it has them.
     *
     * @throws RecordingException when the method cannot be used
     * @throws LaunchException when the program cannot be started or attached to
     */
    public static LiveRecording start(RecordMethod method, List<String> command, int pid, boolean noAslr,
            MachineSupport machine, Consumer<String> say) throws IOException {
        MachineSupport.Verdict v;
        if (method == null) {
            v = machine.verdict(RecordMethod.SW);
            if (!v.supported()) {
                v = Recorder.choose(null, machine, say);
            }
        } else {
            v = Recorder.choose(method, machine, say);
        }
        if (v.method() != RecordMethod.SW) {
            throw new RecordingException("-m " + v.method().cliName()
                    + " cannot record a live session yet: use -m sw, or hindsight record");
        }
        Path work = Files.createTempDirectory("hindsight-live-");
        SingleStepEngine engine = null;
        RecordingWriter writer = null;
        try {
            engine = pid != 0 ? SingleStepEngine.attach(pid)
                    : SingleStepEngine.launch(LaunchSpec.of(command).withNoAslr(noAslr));
            writer = RecordingWriter.create(work.resolve("recording"));
            return new LiveRecording(engine, writer, v, machine.cpu(), pid != 0 ? null : command, work);
        } catch (IOException | RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            if (writer != null) {
                writer.close();
            }
            deleteTree(work);
            throw e;
        }
    }

    /** The process id. */
    public int pid() {
        return engine.pid();
    }

    /** Whether the program was launched (false: attached to). */
    public boolean launched() {
        return engine.launched();
    }

    /** Whether the program has ended (its exit code is then {@link #exitCode}). */
    public boolean exited() {
        return exited;
    }

    /** The program's exit code (128 + signal when killed), -1 while it runs. */
    public int exitCode() {
        return engine.exitCode();
    }

    /** The addresses where {@link #run} stops. */
    public void breakpoints(long[] addresses) {
        recorder.breakpoints(addresses);
    }

    /**
     * Runs the program, recording, until it ends, reaches a breakpoint, has executed
     * {@code maxInstructions} (0: no limit), receives SIGINT or {@link #requestStop} is called.
     *
     * @return {@link SoftwareBranchRecorder}'s reason: ENDED, LIMIT, BREAKPOINT, STOPPED, INTERRUPTED
     */
    public int run(long maxInstructions) throws IOException {
        if (exited) {
            return SoftwareBranchRecorder.ENDED;
        }
        int why = recorder.run(maxInstructions, 0);
        if (why == SoftwareBranchRecorder.ENDED) {
            exited = true;
        } else if (why == SoftwareBranchRecorder.INTERRUPTED) {
            engine.discardSignal(recorder.stopTid());
        }
        return why;
    }

    /**
     * Runs as {@link #run} does, also stopping where {@code filter} says after an instruction of
     * thread {@code tid} ({@link SoftwareBranchRecorder#FILTERED}).
     */
    public int run(long maxInstructions, int tid, SoftwareBranchRecorder.StepFilter filter) throws IOException {
        recorder.filter(tid, filter);
        try {
            return run(maxInstructions);
        } finally {
            recorder.filter(0, null);
        }
    }

    /** Asks a running {@link #run} to stop soon; callable from any thread (Ctrl-C). */
    public void requestStop() {
        recorder.requestStop();
    }

    /** The thread that made the last run stop, or the process's main thread. */
    public int stopTid() {
        int t = recorder.stopTid();
        return t != 0 ? t : engine.pid();
    }

    /** The pc thread {@code tid} stands at, or -1. */
    public long pc(int tid) {
        return engine.pc(tid);
    }

    /** The registers of stopped thread {@code tid} (slots of {@code Registers.NAMES}), or null. */
    public long[] registers(int tid) {
        return exited ? null : engine.registers(tid);
    }

    /** The process's memory. */
    public ProcessMemory memory() {
        return engine.memory();
    }

    /**
     * Where the ELF file {@code file} is mapped in the process: the start of its mapping at file
     * offset 0 (a PIE's or a library's load base), or -1 if it is not mapped.
     */
    public long loadBase(Path file) throws IOException {
        Path real = file.toRealPath();
        for (ProcMaps.Mapping m : ProcMaps.read(engine.pid())) {
            if (m.offset() == 0 && m.fileBacked() && Path.of(m.path()).equals(real)) {
                return m.start();
            }
        }
        return -1;
    }

    /** The executable the process runs ({@code /proc/PID/exe}). */
    public Path executable() throws IOException {
        return Path.of("/proc", Integer.toString(engine.pid()), "exe").toRealPath();
    }

    /**
     * Writes the history recorded so far as a trace bundle {@code target} (temporary file, then a
     * rename): the current instruction of each thread is where it stands now.
     */
    public RecordingConverter.Result snapshot(Path target) throws IOException {
        Path dir = work.resolve("snapshot-" + (snapshots++));
        try {
            writer.snapshot(dir, verdict.method().cliName(), verdict.reason(), cpu, command,
                    engine.pid(), exited ? engine.exitCode() : -1);
            return RecordingConverter.convert(dir, target);
        } finally {
            deleteTree(dir);
        }
    }

    /** A fresh file name in this recording's working directory (for snapshots). */
    public Path workFile(String name) {
        return work.resolve(name);
    }

    /** Ends the session: a launched program is killed, an attached one detached; files are removed. */
    @Override
    public void close() throws IOException {
        try {
            engine.close();
        } finally {
            try {
                writer.close();
            } finally {
                deleteTree(work);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
