package dev.hindsight.pt.bench;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoder;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Measures how fast {@link PacketDecoder#next(Packet)} walks a trace: every packet from the first
 * PSB to the end, resynchronising at the next PSB after an error, as a packet dump would.
 */
public final class PacketBenchmark {
    private PacketBenchmark() {
    }

    /**
     * The figures of one benchmark.
     *
     * @param bytes   the trace size
     * @param packets the packets decoded per walk
     * @param errors  the decode errors per walk
     * @param median  the median throughput in MB/s (10^6 bytes per second)
     * @param min     the slowest run in MB/s
     * @param max     the fastest run in MB/s
     * @param cpuMedian the median throughput in MB/s of the thread's CPU time, which a busy
     *                machine distorts much less than wall-clock time; 0 if the JVM cannot measure it
     */
    public record Result(long bytes, long packets, long errors, double median, double min,
            double max, double cpuMedian) {
    }

    /**
     * Walks the whole trace once.
     *
     * @param trace  the trace
     * @param config the decoder configuration
     * @param packet the holder to decode into
     * @return the packet and error counts, packed; read them with {@link #count(long)} and {@link #errors(long)}
     */
    static long walk(ByteBuffer trace, PacketDecoderConfig config, Packet packet) {
        PacketDecoder dec = new PacketDecoder(trace, config);
        long packets = 0;
        long errors = 0;
        int eos = -PtError.EOS.code();
        if (dec.syncForward() < 0) {
            return 0;
        }
        for (;;) {
            int st = dec.next(packet);
            if (st > 0) {
                packets++;
                continue;
            }
            if (st == eos) {
                break;
            }
            errors++;
            if (dec.syncForward() < 0) {
                break;
            }
        }
        return (errors << 40) | packets;
    }

    /** The packet count of a {@link #walk} result. */
    static long count(long walk) {
        return walk & ((1L << 40) - 1);
    }

    /** The error count of a {@link #walk} result. */
    static long errors(long walk) {
        return walk >>> 40;
    }

    /** The least time one timed run takes; short traces are walked repeatedly to reach it. */
    private static final long MIN_RUN_NANOS = 200_000_000L;

    /**
     * Walks the trace {@code warmups} times untimed, then times {@code runs} runs. A run walks the
     * trace as many times as needed to last at least 200 ms (the same count for every run), so
     * small traces are not timed at the resolution of the clock.
     *
     * @param trace   the trace
     * @param config  the decoder configuration
     * @param warmups untimed runs first (lets the JIT compile the decoder)
     * @param runs    timed runs, at least 1
     * @return the figures
     */
    public static Result run(ByteBuffer trace, PacketDecoderConfig config, int warmups, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1: " + runs);
        }
        Packet packet = new Packet();
        long t0 = System.nanoTime();
        long walk = walk(trace, config, packet);
        long once = Math.max(1, System.nanoTime() - t0);
        int repeat = (int) Math.max(1, Math.min(1_000_000, MIN_RUN_NANOS / once));
        for (int i = 0; i < warmups; i++) {
            for (int k = 0; k < repeat; k++) {
                walk = walk(trace, config, packet);
            }
        }
        // Re-measure after warm-up: compiled code is much faster than the first walk.
        t0 = System.nanoTime();
        walk = walk(trace, config, packet);
        once = Math.max(1, System.nanoTime() - t0);
        repeat = (int) Math.max(1, Math.min(1_000_000, MIN_RUN_NANOS / once));
        long bytes = trace.limit();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
        double[] mbps = new double[runs];
        double[] cpuMbps = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
            t0 = System.nanoTime();
            for (int k = 0; k < repeat; k++) {
                walk = walk(trace, config, packet);
            }
            long ns = Math.max(1, System.nanoTime() - t0);
            long cpuNs = cpuTime ? Math.max(1, threads.getCurrentThreadCpuTime() - c0) : 0;
            mbps[i] = bytes * (double) repeat * 1000.0 / ns;
            cpuMbps[i] = cpuTime ? bytes * (double) repeat * 1000.0 / cpuNs : 0;
        }
        return new Result(bytes, count(walk), errors(walk), median(mbps), min(mbps), max(mbps),
                median(cpuMbps));
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
