package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SingleStepEngineTest {
    /** Steps to the end; returns {steps, branches (heuristic), threads started + 1}. */
    private static long[] run(SingleStepEngine engine) {
        StepEvent ev = new StepEvent();
        long steps = 0;
        long branches = 0;
        Set<Integer> tids = new HashSet<>();
        tids.add(engine.pid());
        int kind;
        while ((kind = engine.next(ev)) != StepEvent.END) {
            if (kind == StepEvent.STEP) {
                steps++;
                if (Long.compareUnsigned(ev.pc, ev.fromPc) < 0
                        || Long.compareUnsigned(ev.pc, ev.fromPc + 15) > 0) {
                    branches++;
                }
            } else if (kind == StepEvent.THREAD_START) {
                tids.add(ev.tid);
            }
        }
        return new long[] {steps, branches, tids.size()};
    }

    @Test
    void shouldPropagateExitCodeOfLaunchedProgram() {
        Path loop = NativePrograms.build("loop", false);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(List.of(
                loop.toString(), "10")))) {
            run(e);
            assertEquals(7, e.exitCode());
        }
    }

    @Test
    void shouldStepExactlyTheInstructionsTheCStepperSteps() {
        Path loop = NativePrograms.build("loop", true);
        List<String> argv = List.of(loop.toString(), "100");
        NativePrograms.StepperResult c = NativePrograms.cStep(argv);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv))) {
            long[] r = run(e);
            assertEquals(c.steps(), r[0]);
            assertEquals(c.branches(), r[1]);
            assertEquals(c.exit(), e.exitCode());
        }
    }

    @Test
    void shouldFollowBothThreadsOfTwoThreadProgram() {
        Path threads = NativePrograms.build("threads", true);
        List<String> argv = List.of(threads.toString());
        NativePrograms.StepperResult c = NativePrograms.cStep(argv);
        try (SingleStepEngine e = SingleStepEngine.launch(NativePrograms.spec(argv))) {
            long[] r = run(e);
            assertEquals(2, r[2]);
            assertEquals(3, e.exitCode());
            assertEquals(c.threads(), r[2]);
            // Thread interleaving differs between runs, but each thread's work does not.
            assertTrue(Math.abs(c.steps() - r[0]) < c.steps() / 20, c.steps() + " vs " + r[0]);
        }
    }

    @Test
    void shouldFailClearlyForMissingProgram() {
        LaunchException ex = assertThrows(LaunchException.class, () -> SingleStepEngine.launch(
                LaunchSpec.of(List.of("/no/such/program"))));
        assertEquals("/no/such/program: no such file", ex.getMessage());
    }
}
