package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleStepEngineBenchTest {
    @TempDir
    Path dir;

    @Test
    void shouldStepAtLeastEightyPercentAsFastAsTheCStepper() {
        String loop = NativePrograms.build("loop", true).toString();
        StepBenchmark.Result r = StepBenchmark.run(List.of(loop, "3000"), 3, dir);
        System.out.println("single-step benchmark: " + r);
        assertTrue(r.ratio() >= 0.8, r.toString());
        // Decoding lengths and writing records must not cost more than a fifth of the stepping.
        assertTrue(r.recorder() >= 0.8 * r.ours(), r.toString());
    }
}
