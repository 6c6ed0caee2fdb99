package dev.hindsight.pt.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupGateTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldWarmUpForTheRunsAndTheTimeAskedFor() {
        WarmupGate gate = new WarmupGate(3, 0, 100 * MS, 0, 0);
        assertTrue(gate.more(2, 500 * MS, 10));
        assertTrue(gate.more(3, 99 * MS, 10));
        assertFalse(gate.more(3, 100 * MS, 10));
    }

    @Test
    void shouldWaitUntilTheJitHasBeenQuietForAWhile() {
        WarmupGate gate = new WarmupGate(0, 0, 100 * MS, 50 * MS, 1000 * MS);
        assertTrue(gate.more(1, 20 * MS, 5));
        // The JIT compiled something just before the warm-up time was up.
        assertTrue(gate.more(2, 90 * MS, 7));
        assertTrue(gate.more(3, 120 * MS, 7));
        assertTrue(gate.more(4, 139 * MS, 7));
        assertFalse(gate.more(5, 140 * MS, 7));
    }

    @Test
    void shouldStopWaitingForABusyJitAtTheCap() {
        WarmupGate gate = new WarmupGate(0, 0, 100 * MS, 50 * MS, 300 * MS);
        assertTrue(gate.more(1, 200 * MS, 1));
        assertTrue(gate.more(2, 299 * MS, 2));
        assertFalse(gate.more(3, 300 * MS, 3));
    }

    @Test
    void shouldNotWaitWhenTheJitTimeIsUnknown() {
        WarmupGate gate = new WarmupGate(0, 0, 100 * MS, 50 * MS, 1000 * MS);
        assertFalse(gate.more(1, 100 * MS, -1));
    }
}
