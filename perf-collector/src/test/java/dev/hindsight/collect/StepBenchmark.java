package dev.hindsight.collect;

import java.util.List;

/**
 * Compares the single-step rate of {@link SingleStepEngine} with the C single-stepper's on the
 * same program: rounds alternate between the two so that machine load hits both alike, and the
 * best round of each counts. Run as a main for the figures (the target is ours >= 0.8x C); the
 * test {@code SingleStepEngineBenchTest} only checks that both sides stepped the same program.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /**
     * Steps per second of ours and of C, best of {@code rounds}, and of the sw recorder (engine,
     * length decoding, record writing) for the same program.
     */
    public record Result(double ours, double c, long steps, long cSteps, double recorder) {
        /** Ours over C. */
        public double ratio() {
            return ours / c;
        }

        @Override
        public String toString() {
            return String.format("steps %d (C: %d): ours %.0f steps/s, C %.0f steps/s, ratio %.2f;"
                    + " sw recorder %.0f steps/s", steps, cSteps, ours, c, ratio(), recorder);
        }
    }

    /** Runs {@code rounds} alternating rounds over {@code argv}. */
    public static Result run(List<String> argv, int rounds) {
        return run(argv, rounds, null);
    }

    /** As {@link #run(List, int)}, also timing the sw recorder writing below {@code scratch}. */
    public static Result run(List<String> argv, int rounds, java.nio.file.Path scratch) {
        double bestRecorder = 0;
        double bestOurs = 0;
        double bestC = 0;
        long steps = 0;
        long cSteps = 0;
        StepEvent ev = new StepEvent();
        for (int i = 0; i < rounds; i++) {
            NativePrograms.StepperResult c = NativePrograms.cStep(argv);
            bestC = Math.max(bestC, c.rate());
            cSteps = c.steps();
            try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv))) {
                long t0 = System.nanoTime();
                while (e.next(ev) != StepEvent.END) {
                    // only the stepping is measured
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                bestOurs = Math.max(bestOurs, e.steps() / secs);
                steps = e.steps();
            }
            if (scratch != null) {
                try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv));
                        RecordingWriter w = RecordingWriter.create(scratch.resolve("bench"))) {
                    long t0 = System.nanoTime();
                    new SoftwareBranchRecorder(e, w).record();
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bestRecorder = Math.max(bestRecorder, e.steps() / secs);
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }
        }
        return new Result(bestOurs, bestC, steps, cSteps, bestRecorder);
    }

    /** {@code StepBenchmark [ROUNDS [ITERATIONS]]}: prints the figures for the loop program. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String iterations = args.length > 1 ? args[1] : "20000";
        String loop = NativePrograms.build("loop", true).toString();
        try {
            java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("step-bench");
            System.out.println(run(List.of(loop, iterations), rounds, tmp));
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
