package dev.hindsight.collect;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records a program with the method asked for, or the best one this machine has: the entry point
 * behind {@code hindsight record}.
 */
public final class Recorder {
    private Recorder() {
    }

    /**
     * What to record.
     *
     * @param method the method, or null for auto (pt, then bts, then sw)
     * @param out the recording directory to write
     * @param command the program and its arguments to launch, or empty with {@code pid}
     * @param pid the process to attach to, or 0 to launch {@code command}
     * @param noAslr launch with address space layout randomisation off
     * @param maxInstructions stop after this many instructions (0: no limit)
     * @param durationMillis stop after this many milliseconds (0: no limit)
     * @param bufferSize the per-thread trace buffer size in bytes for pt and bts (0: the
     *     default, 4 MiB for pt, 64 KiB for bts as gdb's)
     * @param snapshot pt only: ring (snapshot) mode, keeping the newest buffer-full
     */
    public record Request(RecordMethod method, Path out, List<String> command, int pid,
            boolean noAslr, long maxInstructions, long durationMillis, long bufferSize,
            boolean snapshot) {
        /** Copies the command. */
        public Request {
            command = List.copyOf(command);
        }

        /** A request with the default buffer, in full mode. */
        public Request(RecordMethod method, Path out, List<String> command, int pid,
                boolean noAslr, long maxInstructions, long durationMillis) {
            this(method, out, command, pid, noAslr, maxInstructions, durationMillis, 0, false);
        }
    }

    /** Whether {@code out} names a bundle file ({@code .hsb}) rather than a directory. */
    public static boolean isBundle(Path out) {
        return out.getFileName() != null && out.getFileName().toString().endsWith(".hsb");
    }

    /**
     * What was recorded.
     *
     * @param method the method used
     * @param reason why it was chosen
     * @param manifest the recording directory's manifest (sw), or null
     * @param bundle the bundle's manifest when a bundle was written, else null
     * @param ended whether the program ended (false: a limit stopped the recording)
     * @param exitCode the program's exit code (128 + signal if killed), -1 if it was detached
     *     or did not end
     */
    public record Outcome(RecordMethod method, String reason, RecordingManifest manifest,
            dev.hindsight.collect.bundle.BundleManifest bundle, boolean ended, int exitCode) {
    }

    /**
     * Picks the method: the requested one if the machine supports it, else a
     * {@link RecordingException} saying why not; for auto, the first supported one, telling
     * {@code say} which and why.
     */
    public static MachineSupport.Verdict choose(RecordMethod requested, MachineSupport machine,
            Consumer<String> say) {
        if (requested != null) {
            MachineSupport.Verdict v = machine.verdict(requested);
            if (!v.supported()) {
                throw new RecordingException("-m " + requested.cliName()
                        + " is not supported on this machine: " + v.reason());
            }
            return v;
        }
        List<String> skipped = new ArrayList<>();
        for (RecordMethod m : RecordMethod.values()) {
            MachineSupport.Verdict v = machine.verdict(m);
            if (v.supported()) {
                say.accept("method " + m.cliName() + ": " + v.reason()
                        + (skipped.isEmpty() ? "" : "; " + String.join("; ", skipped)));
                return v;
            }
            skipped.add("no " + m.cliName() + ": " + v.reason());
        }
        throw new RecordingException("no recording method works here: "
                + String.join("; ", skipped));
    }

    /** Records as {@code request} says, telling {@code say} about the choice of method. */
    public static Outcome record(Request request, MachineSupport machine, Consumer<String> say)
            throws IOException {
        return record(request, machine, say, r -> { });
    }

    /**
     * As {@link #record(Request, MachineSupport, Consumer)}, handing the running recorder to
     * {@code started} a stop action that another thread may run to end the recording early (the
     * recording is still written; see {@link SoftwareBranchRecorder#requestStop})
     * it.
     */
    public static Outcome record(Request request, MachineSupport machine, Consumer<String> say,
            Consumer<Runnable> started) throws IOException {
        MachineSupport.Verdict v = choose(request.method(), machine, say);
        if (v.method() != RecordMethod.SW) {
            java.util.concurrent.atomic.AtomicBoolean stop =
                    new java.util.concurrent.atomic.AtomicBoolean();
            started.accept(() -> stop.set(true));
            return HardwareRecorder.record(request, v, machine.cpu(), factory(v.method(),
                    request), say, stop);
        }
        if (!isBundle(request.out())) {
            return recordSw(request, request.out(), v, machine, started);
        }
        // sw records into a directory beside the bundle, converted once the program is done.
        Path out = request.out().toAbsolutePath();
        Path dir = out.resolveSibling("." + out.getFileName() + ".rec-" + ProcessHandle.current()
                .pid());
        try {
            Outcome o = recordSw(request, dir, v, machine, started);
            dev.hindsight.collect.bundle.RecordingConverter.Result c =
                    dev.hindsight.collect.bundle.RecordingConverter.convert(dir, out);
            c.warnings().forEach(say);
            return new Outcome(o.method(), o.reason(), o.manifest(), c.manifest(), o.ended(),
                    o.exitCode());
        } finally {
            if (java.nio.file.Files.exists(dir)) {
                try (var s = java.nio.file.Files.walk(dir)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static HardwareRecorder.CollectorFactory factory(RecordMethod method, Request r) {
        if (method == RecordMethod.PT) {
            dev.hindsight.collect.pt.PtPmu pmu = dev.hindsight.collect.pt.PtPmu.discover();
            dev.hindsight.collect.pt.PtOptions d = dev.hindsight.collect.pt.PtOptions.DEFAULT;
            dev.hindsight.collect.pt.PtOptions o = new dev.hindsight.collect.pt.PtOptions(
                    r.bufferSize() > 0 ? r.bufferSize() : d.bufferSize(), d.dataPages(),
                    r.snapshot(), true, d.psbPeriod(), d.tsc(),
                    pmu.has("mtc") ? d.mtcPeriod() : -1, -1);
            return (tid, atExec, dir) -> dev.hindsight.collect.pt.PtThreadCollector.open(tid, pmu,
                    o, atExec, dir);
        }
        long kernelStart = dev.hindsight.collect.bts.KernelStart.read();
        long size = r.bufferSize() > 0 ? r.bufferSize() : 64 * 1024;
        return (tid, atExec, dir) -> dev.hindsight.collect.bts.BtsThreadCollector.open(tid, size,
                atExec, kernelStart, dir);
    }

    private static Outcome recordSw(Request request, Path target, MachineSupport.Verdict v,
            MachineSupport machine, Consumer<Runnable> started) throws IOException {
        try (SingleStepEngine engine = request.pid() != 0 ? SingleStepEngine.attach(request.pid())
                : SingleStepEngine.launch(LaunchSpec.of(request.command())
                        .withNoAslr(request.noAslr()));
                RecordingWriter writer = RecordingWriter.create(target)) {
            SoftwareBranchRecorder recorder = new SoftwareBranchRecorder(engine, writer);
            started.accept(recorder::requestStop);
            boolean ended = recorder.record(request.maxInstructions(), request.durationMillis());
            if (!ended) {
                engine.close(); // kills a launched program, detaches an attached one
            }
            RecordingManifest m = writer.commit(v.method().cliName(), v.reason(), machine.cpu(),
                    request.pid() != 0 ? null : request.command(), engine.pid(),
                    ended ? engine.exitCode() : -1);
            return new Outcome(v.method(), v.reason(), m, null, ended, ended ? m.exitCode() : -1);
        }
    }
}
