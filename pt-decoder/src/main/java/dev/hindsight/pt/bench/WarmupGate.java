package dev.hindsight.pt.bench;

/**
 * Decides when a benchmark's untimed warm-up may end: after the runs and the time asked for,
 * and once the JIT has compiled nothing for a while, so the timed runs measure compiled code
 * rather than the compiler threads competing for the cores. A cap ends waiting for a JIT that
 * never settles.
 */
final class WarmupGate {
    private final int minRuns;
    private final long endNanos;
    private final long quietNanos;
    private final long capNanos;
    private long lastCompileMillis = -1;
    private long lastChangeNanos;

    /**
     * Creates a gate.
     *
     * @param minRuns the least number of untimed runs
     * @param startNanos when the warm-up started ({@link System#nanoTime()})
     * @param warmupNanos the least time the warm-up takes
     * @param quietNanos how long the JIT must have compiled nothing (0: do not wait for it)
     * @param capNanos the most time the warm-up takes waiting for the JIT, from its start
     */
    WarmupGate(int minRuns, long startNanos, long warmupNanos, long quietNanos, long capNanos) {
        this.minRuns = minRuns;
        this.endNanos = startNanos + warmupNanos;
        this.quietNanos = quietNanos;
        this.capNanos = startNanos + Math.max(capNanos, warmupNanos);
        this.lastChangeNanos = startNanos;
    }

    /**
     * Whether to warm up with one more run.
     *
     * @param runsDone the untimed runs so far
     * @param nowNanos the time now
     * @param compileMillis the JIT's total compilation time so far, or -1 if unknown
     * @return true for another untimed run
     */
    boolean more(int runsDone, long nowNanos, long compileMillis) {
        if (compileMillis != lastCompileMillis) {
            lastCompileMillis = compileMillis;
            lastChangeNanos = nowNanos;
        }
        if (runsDone < minRuns || nowNanos - endNanos < 0) {
            return true;
        }
        if (quietNanos <= 0 || compileMillis < 0 || nowNanos - capNanos >= 0) {
            return false;
        }
        return nowNanos - lastChangeNanos < quietNanos;
    }
}
