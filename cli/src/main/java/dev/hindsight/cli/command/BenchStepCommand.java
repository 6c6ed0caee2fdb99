package dev.hindsight.cli.command;

import dev.hindsight.cli.UserError;
import dev.hindsight.collect.LaunchException;
import dev.hindsight.collect.LaunchSpec;
import dev.hindsight.collect.RecordingWriter;
import dev.hindsight.collect.SingleStepEngine;
import dev.hindsight.collect.SoftwareBranchRecorder;
import dev.hindsight.collect.StepEvent;
import dev.hindsight.collect.sys.SysCallException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight bench step [--record] -- PROG ARGS...}: single-steps a program to its end
 * and prints the rate, of the bare engine or of the sw recorder.
 */
@Command(name = "step", header = "Single-step a program to its end and print steps per second.")
public final class BenchStepCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--record", description = "Time the sw recorder (length decoding, records) instead of the bare engine.")
    private boolean record;

    @Parameters(paramLabel = "PROG", arity = "1..*", description = "The program and its arguments, after --.")
    private List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LaunchSpec launch = LaunchSpec.of(command).withOutput(Path.of("/dev/null"),
                Path.of("/dev/null"));
        long t0;
        long steps;
        try (SingleStepEngine e = SingleStepEngine.launch(launch)) {
            if (record) {
                Path tmp = Files.createTempDirectory("hindsight-bench");
                try (RecordingWriter w = RecordingWriter.create(tmp.resolve("rec"))) {
                    t0 = System.nanoTime();
                    new SoftwareBranchRecorder(e, w).record();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } else {
                StepEvent ev = new StepEvent();
                t0 = System.nanoTime();
                while (e.next(ev) != StepEvent.END) {
                    // only stepping is timed
                }
            }
            steps = e.steps();
        } catch (LaunchException | SysCallException ex) {
            throw new UserError(ex.getMessage());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf("%s: %d steps in %.3f s: %.0f steps/s%n", record ? "sw recorder" : "engine",
                steps, secs, steps / secs);
        out.flush();
        return 0;
    }
}
