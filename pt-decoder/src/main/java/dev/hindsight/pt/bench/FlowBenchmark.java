package dev.hindsight.pt.bench;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Block;
import dev.hindsight.pt.flow.BlockDecoder;
import dev.hindsight.pt.flow.BlockFlow;
import dev.hindsight.pt.flow.InsnFlow;
import dev.hindsight.pt.libipt.FileRange;
import dev.hindsight.pt.libipt.LibiptBlockFlow;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptInsnFlow;
import dev.hindsight.pt.libipt.LibiptOptions;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Measures how fast the flow decoders reconstruct a trace: the whole trace as ptxed decodes it
 * (events fetched, errors skipped to the next PSB), without printing. Each run uses a fresh
 * decoder, so the block cache starts empty every time, as in one ptxed process.
 */
public final class FlowBenchmark {
    private static final int EOS = -PtError.EOS.code();
    /** How long the JIT must have compiled nothing before a warm-up with a time ends. */
    static final long JIT_QUIET_MILLIS = 200;
    /** A warm-up waits for the JIT at most this many times its time. */
    static final long JIT_WAIT_FACTOR = 5;

    private FlowBenchmark() {
    }

    /** The flow decoder to measure. */
    public enum Kind {
        /** {@link BlockDecoder}. */
        BLOCK,
        /** {@link InsnDecoder}. */
        INSN,
        /** libipt's block decoder ({@code pt_blk_*}, libipt2 2.0.5 through JNA): the reference. */
        LIBIPT_BLOCK,
        /** libipt's instruction decoder ({@code pt_insn_*}, libipt2 2.0.5 through JNA). */
        LIBIPT_INSN;

        /** Whether this is a block decoder. */
        public boolean block() {
            return this == BLOCK || this == LIBIPT_BLOCK;
        }

        /** Whether this is libipt's decoder. */
        public boolean libipt() {
            return this == LIBIPT_BLOCK || this == LIBIPT_INSN;
        }

        /** libipt's decoder of the same level as this one. */
        public Kind reference() {
            return block() ? LIBIPT_BLOCK : LIBIPT_INSN;
        }
    }

    /**
     * What is decoded: the trace and image, with the configuration for each backend.
     *
     * @param trace the trace
     * @param image the memory image (file-backed sections only, for the libipt kinds)
     * @param config Hindsight's decoder configuration
     * @param libipt the same settings for libipt (its {@code blockDecoder} flag is ignored)
     */
    public record Setup(ByteBuffer trace, Image image, FlowConfig config, LibiptOptions libipt) {
    }

    /**
     * The counts of one decode.
     *
     * @param insns the instructions
     * @param blocks the blocks (0 for the instruction decoder)
     * @param events the events reported
     * @param errors the decode errors
     */
    public record Counts(long insns, long blocks, long events, long errors) {
    }

    /**
     * The figures of one benchmark.
     *
     * @param kind the decoder
     * @param bytes the trace size
     * @param counts what one decode found
     * @param medianNanos the median time of the timed runs
     * @param minNanos the fastest run
     * @param maxNanos the slowest run
     * @param medianCpuNanos the median thread CPU time of the timed runs (robust against other
     *     processes on a busy machine)
     */
    public record Result(Kind kind, long bytes, Counts counts, long medianNanos, long minNanos,
            long maxNanos, long medianCpuNanos) {
        /** Millions of instructions per second at the median. */
        public double insnsPerSecond() {
            return counts.insns() * 1e3 / medianNanos;
        }

        /** Millions of instructions per second of thread CPU time at the median. */
        public double cpuInsnsPerSecond() {
            return counts.insns() * 1e3 / medianCpuNanos;
        }

        /** Trace MB (10^6 bytes) per second at the median. */
        public double megabytesPerSecond() {
            return bytes * 1e3 / medianNanos;
        }
    }

    /**
     * Runs {@code warmup} untimed and {@code runs} timed decodes.
     *
     * @param kind the decoder
     * @param setup what to decode
     * @param warmup untimed runs first
     * @param runs timed runs, at least 1
     * @return the figures
     */
    public static Result run(Kind kind, Setup setup, int warmup, int runs) {
        return run(kind, setup, warmup, 0, runs);
    }

    /**
     * Runs at least {@code warmup} untimed decodes, more until they took {@code warmupMillis}
     * in all and the JIT has compiled nothing for {@value #JIT_QUIET_MILLIS} ms (at most
     * {@value #JIT_WAIT_FACTOR} times {@code warmupMillis} in all), then {@code runs} timed
     * decodes. The JIT compiles the decoders' hot paths only after some hundred milliseconds of
     * decoding (C2, after profiling), and goes on compiling the less frequent paths for a while;
     * a warm-up that ends before, and the timed runs measure the interpreter and the compiler
     * threads competing for the cores rather than the decoder.
     *
     * @param kind the decoder
     * @param setup what to decode
     * @param warmup untimed runs first, at least
     * @param warmupMillis the least time the untimed runs take together (0: just {@code warmup})
     * @param runs timed runs, at least 1
     * @return the figures
     */
    public static Result run(Kind kind, Setup setup, int warmup, long warmupMillis, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Counts counts = null;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long ms = 1_000_000L;
        WarmupGate gate = new WarmupGate(warmup, System.nanoTime(), warmupMillis * ms,
                warmupMillis > 0 ? JIT_QUIET_MILLIS * ms : 0, JIT_WAIT_FACTOR * warmupMillis * ms);
        for (int i = 0; gate.more(i, System.nanoTime(), jitTimed ? jit.getTotalCompilationTime() : -1);
                i++) {
            counts = decode(kind, setup);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            counts = decode(kind, setup);
            nanos[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        return new Result(kind, setup.trace().limit(), counts, nanos[runs / 2], nanos[0],
                nanos[runs - 1], Math.max(1, cpu[runs / 2]));
    }

    /**
     * Decodes the whole trace once.
     *
     * @param kind the decoder
     * @param setup what to decode
     * @return the counts
     */
    public static Counts decode(Kind kind, Setup setup) {
        if (kind.libipt()) {
            LibiptOptions options = setup.libipt().withBlockDecoder(kind.block());
            try (LibiptDecoder libipt = LibiptDecoder.open(setup.trace(), FileRange.of(setup.image()), options)) {
                return kind.block() ? decodeBlocks(new LibiptBlockFlow(libipt))
                        : decodeInsns(new LibiptInsnFlow(libipt));
            }
        }
        if (kind.block()) {
            BlockDecoder d = new BlockDecoder(setup.trace(), setup.config());
            d.image(setup.image());
            return decodeBlocks(d);
        }
        InsnDecoder d = new InsnDecoder(setup.trace(), setup.config());
        d.image(setup.image());
        return decodeInsns(d);
    }

    private static Counts decodeBlocks(BlockFlow d) {
        Block block = new Block();
        PtEvent event = new PtEvent();
        long insns = 0;
        long blocks = 0;
        long events = 0;
        long errors = 0;
        long sync = 0;
        for (;;) {
            int status = d.syncForward();
            if (status < 0) {
                if (status == EOS) {
                    break;
                }
                errors++;
                // Stop unless the decoder moved on, as ptxed does.
                long at = d.offset();
                if (at < 0 || at <= sync) {
                    break;
                }
                sync = at;
                continue;
            }
            for (;;) {
                while ((status & StatusFlag.EVENT_PENDING) != 0) {
                    status = d.event(event);
                    if (status < 0) {
                        break;
                    }
                    events++;
                }
                if (status < 0 || (status & StatusFlag.EOS) != 0) {
                    break;
                }
                status = d.next(block);
                // As ptxed counts: every block, and a partial one before an error.
                if (status >= 0 || block.ninsn() != 0) {
                    insns += block.ninsn();
                    blocks++;
                }
                if (status < 0) {
                    break;
                }
            }
            if (status == EOS || (status >= 0 && (status & StatusFlag.EOS) != 0)) {
                break;
            }
            errors++;
        }
        return new Counts(insns, blocks, events, errors);
    }

    private static Counts decodeInsns(InsnFlow d) {
        Insn insn = new Insn();
        PtEvent event = new PtEvent();
        long insns = 0;
        long events = 0;
        long errors = 0;
        long sync = 0;
        for (;;) {
            int status = d.syncForward();
            if (status < 0) {
                if (status == EOS) {
                    break;
                }
                errors++;
                long at = d.offset();
                if (at < 0 || at <= sync) {
                    break;
                }
                sync = at;
                continue;
            }
            for (;;) {
                while ((status & StatusFlag.EVENT_PENDING) != 0) {
                    status = d.event(event);
                    if (status < 0) {
                        break;
                    }
                    events++;
                }
                if (status < 0 || (status & StatusFlag.EOS) != 0) {
                    break;
                }
                status = d.next(insn);
                if (status < 0) {
                    // The instruction before the error counts, as in ptxed.
                    if (insn.iclass() != dev.hindsight.pt.x86.InsnClass.UNKNOWN) {
                        insns++;
                    }
                    break;
                }
                insns++;
            }
            if (status == EOS || (status >= 0 && (status & StatusFlag.EOS) != 0)) {
                break;
            }
            errors++;
        }
        return new Counts(insns, 0, events, errors);
    }
}
