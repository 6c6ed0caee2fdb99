package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SingleStepEngineBenchTest {
    @Test
    void shouldStepAtLeastEightyPercentAsFastAsTheCStepper() {
        String loop = NativePrograms.build("loop", true).toString();
        StepBenchmark.Result r = StepBenchmark.run(List.of(loop, "3000"), 3);
        System.out.println("single-step benchmark: " + r);
        assertTrue(r.ratio() >= 0.8, r.toString());
    }
}
