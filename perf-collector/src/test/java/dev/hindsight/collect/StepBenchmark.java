package dev.hindsight.collect;

import java.util.List;

/**
 * Compares the single-step rate of {@link SingleStepEngine} with the C single-stepper's on the
 * same program: rounds alternate between the two so that machine load hits both alike, and the
 * best round of each counts. Run as a main for the figures, or through
 * {@code SingleStepEngineBenchTest} for the pass mark.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /** Steps per second of ours and of C, best of {@code rounds}. */
    public record Result(double ours, double c, long steps) {
        /** Ours over C. */
        public double ratio() {
            return ours / c;
        }

        @Override
        public String toString() {
            return String.format("steps %d: ours %.0f steps/s, C %.0f steps/s, ratio %.2f", steps,
                    ours, c, ratio());
        }
    }

    /** Runs {@code rounds} alternating rounds over {@code argv}. */
    public static Result run(List<String> argv, int rounds) {
        double bestOurs = 0;
        double bestC = 0;
        long steps = 0;
        StepEvent ev = new StepEvent();
        for (int i = 0; i < rounds; i++) {
            NativePrograms.StepperResult c = NativePrograms.cStep(argv);
            bestC = Math.max(bestC, c.rate());
            try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv))) {
                long t0 = System.nanoTime();
                while (e.next(ev) != StepEvent.END) {
                    // only the stepping is measured
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                bestOurs = Math.max(bestOurs, e.steps() / secs);
                steps = e.steps();
            }
        }
        return new Result(bestOurs, bestC, steps);
    }

    /** {@code StepBenchmark [ROUNDS [ITERATIONS]]}: prints the figures for the loop program. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String iterations = args.length > 1 ? args[1] : "20000";
        String loop = NativePrograms.build("loop", true).toString();
        System.out.println(run(List.of(loop, iterations), rounds));
    }
}
