package dev.hindsight.pt.bench;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Block;
import dev.hindsight.pt.flow.BlockDecoder;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Measures how fast the flow decoders reconstruct a trace: the whole trace as ptxed decodes it
 * (events fetched, errors skipped to the next PSB), without printing. Each run uses a fresh
 * decoder, so the block cache starts empty every time, as in one ptxed process.
 */
public final class FlowBenchmark {
    private static final int EOS = -PtError.EOS.code();

    private FlowBenchmark() {
    }

    /** The flow decoder to measure. */
    public enum Kind {
        /** {@link BlockDecoder}. */
        BLOCK,
        /** {@link InsnDecoder}. */
        INSN
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
     */
    public record Result(Kind kind, long bytes, Counts counts, long medianNanos, long minNanos,
            long maxNanos) {
        /** Millions of instructions per second at the median. */
        public double insnsPerSecond() {
            return counts.insns() * 1e3 / medianNanos;
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
     * @param trace the trace
     * @param image the memory image
     * @param config the decoder configuration
     * @param warmup untimed runs first
     * @param runs timed runs, at least 1
     * @return the figures
     */
    public static Result run(Kind kind, ByteBuffer trace, Image image, FlowConfig config,
            int warmup, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        Counts counts = null;
        for (int i = 0; i < warmup; i++) {
            counts = decode(kind, trace, image, config);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            counts = decode(kind, trace, image, config);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return new Result(kind, trace.limit(), counts, nanos[runs / 2], nanos[0],
                nanos[runs - 1]);
    }

    /**
     * Decodes the whole trace once.
     *
     * @param kind the decoder
     * @param trace the trace
     * @param image the memory image
     * @param config the decoder configuration
     * @return the counts
     */
    public static Counts decode(Kind kind, ByteBuffer trace, Image image, FlowConfig config) {
        return kind == Kind.BLOCK ? decodeBlocks(trace, image, config)
                : decodeInsns(trace, image, config);
    }

    private static Counts decodeBlocks(ByteBuffer trace, Image image, FlowConfig config) {
        BlockDecoder d = new BlockDecoder(trace, config);
        d.image(image);
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

    private static Counts decodeInsns(ByteBuffer trace, Image image, FlowConfig config) {
        InsnDecoder d = new InsnDecoder(trace, config);
        d.image(image);
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
