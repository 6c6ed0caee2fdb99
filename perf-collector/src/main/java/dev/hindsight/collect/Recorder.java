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
     */
    public record Request(RecordMethod method, Path out, List<String> command, int pid,
            boolean noAslr, long maxInstructions, long durationMillis) {
        /** Copies the command. */
        public Request {
            command = List.copyOf(command);
        }
    }

    /**
     * What was recorded.
     *
     * @param method the method used
     * @param reason why it was chosen
     * @param manifest the recording's manifest
     * @param ended whether the program ended (false: a limit stopped the recording)
     */
    public record Outcome(RecordMethod method, String reason, RecordingManifest manifest,
            boolean ended) {
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
     * {@code started} so that another thread can {@link SoftwareBranchRecorder#requestStop stop}
     * it.
     */
    public static Outcome record(Request request, MachineSupport machine, Consumer<String> say,
            Consumer<SoftwareBranchRecorder> started) throws IOException {
        MachineSupport.Verdict v = choose(request.method(), machine, say);
        if (v.method() != RecordMethod.SW) {
            throw new RecordingException("-m " + v.method().cliName()
                    + " recording is not implemented yet; use -m sw");
        }
        try (SingleStepEngine engine = request.pid() != 0 ? SingleStepEngine.attach(request.pid())
                : SingleStepEngine.launch(LaunchSpec.of(request.command())
                        .withNoAslr(request.noAslr()));
                RecordingWriter writer = RecordingWriter.create(request.out())) {
            SoftwareBranchRecorder recorder = new SoftwareBranchRecorder(engine, writer);
            started.accept(recorder);
            boolean ended = recorder.record(request.maxInstructions(), request.durationMillis());
            if (!ended) {
                engine.close(); // kills a launched program, detaches an attached one
            }
            RecordingManifest m = writer.commit(v.method().cliName(), v.reason(), machine.cpu(),
                    request.pid() != 0 ? null : request.command(), engine.pid(),
                    ended ? engine.exitCode() : -1);
            return new Outcome(v.method(), v.reason(), m, ended);
        }
    }
}
