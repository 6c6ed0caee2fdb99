package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-step benchmark's harness: ours and the C stepper step the very same instructions, so
 * their rates compare like with like. The rates are printed, not asserted: speed targets belong to
 * the benchmark ({@code StepBenchmark} main, target ours >= 0.8x C), not to a timed test.
 */
class SingleStepEngineBenchTest {
    @TempDir
    Path dir;

    @Test
    void shouldTimeBothSteppersOverTheSameSteps() {
        String loop = NativePrograms.build("loop", true).toString();
        StepBenchmark.Result r = StepBenchmark.run(List.of(loop, "3000"), 1, dir);
        System.out.println("single-step benchmark (one round, for information): " + r);
        assertEquals(r.cSteps(), r.steps(), r.toString());
    }
}
