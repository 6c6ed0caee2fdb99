package dev.hindsight.history.source;

import dev.hindsight.history.GapWarning;
import dev.hindsight.history.InsnKind;
import dev.hindsight.history.InstructionSource;
import dev.hindsight.history.TraceStep;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.InsnClass;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Intel PT decoded by Hindsight's own instruction-flow decoder (libipt master's
 * {@code pt_insn_decoder}), driven as gdb's {@code ftrace_add_pt} drives libipt (spec §9.5):
 * synchronise, drain events, take instructions; a decode error becomes a gap with the negative
 * libipt code and decoding resynchronises at the next PSB. A non-resumed "enabled" event after an
 * instruction since the last gap is a non-contiguous gap (2), an overflow an overflow gap (3);
 * other events are ignored. When the decoder reports an error together with the instruction it
 * happened after (libipt master's block-based insn decoder), the instruction is kept before the
 * gap, so the numbering follows ptxed's instruction sequence.
 *
 * <p>Checkpoints: the first instruction after each synchronisation (at the PSB's offset), and
 * PSBs in mid-stream found by probing (a second decoder decodes 128 steps from the PSB; the unique
 * place where the full decode has the same steps is the PSB's instruction number). Rewinding
 * re-synchronises with {@code syncSet} and drops events before the first instruction, which the
 * full decode saw only as status updates or a fresh sync.
 */
public final class FlowInstructionSource implements InstructionSource {
    private final InsnDecoder decoder;
    private final long[] psbs;
    private final Insn insn = new Insn();
    private final PtEvent event = new PtEvent();
    private final List<String> warnings = new ArrayList<>();
    private boolean needSync = true;
    private boolean ended;
    private int status;
    private boolean insnSinceGap;
    private boolean suppressEvents;
    private long pendingCheckpoint = TraceStep.NO_CHECKPOINT;
    private long lastIp;
    /** A gap to report after the instruction the error came with. */
    private int pendingError;

    // Checkpoint discovery (the decoder reports no event at a PSB in mid-stream): when the
    // decoder has read past PSB k, a second source decodes PROBE steps from that PSB; the unique
    // place in the recent steps where the same PROBE steps occur is where PSB k's decode joins.
    private static final int RING = 1 << 16;
    private static final int PROBE = 128;
    private final FlowInstructionSource prober;
    private final long[] ring = new long[RING];
    private long steps;
    private boolean discovering;
    private int nextPsb;
    private int probeLength;
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    private long[] found = new long[64];
    private int foundCount;

    /**
     * A source over a decoder (with its image set).
     *
     * @param decoder the instruction decoder
     * @param trace the same trace's bytes, to find its PSBs
     */
    public FlowInstructionSource(InsnDecoder decoder, ByteBuffer trace) {
        this(decoder, null, trace);
    }

    /**
     * A source that also finds checkpoints at every PSB, using a second decoder over the same
     * trace and image to probe them.
     */
    public FlowInstructionSource(InsnDecoder decoder, InsnDecoder probeDecoder, ByteBuffer trace) {
        this.decoder = decoder;
        this.psbs = LibiptInstructionSource.psbOffsets(trace);
        this.prober = probeDecoder == null ? null : new FlowInstructionSource(probeDecoder, trace, psbs);
    }

    private FlowInstructionSource(InsnDecoder decoder, ByteBuffer trace, long[] psbs) {
        this.decoder = decoder;
        this.psbs = psbs;
        this.prober = null;
    }

    @Override
    public long[] laterCheckpoints() {
        return Arrays.copyOf(found, foundCount);
    }

    @Override
    public String formatName() {
        return "Intel Processor Trace";
    }

    @Override
    public boolean isPt() {
        return true;
    }

    @Override
    public void rewind() {
        needSync = psbs.length == 0;
        ended = false;
        status = 0;
        pendingError = 0;
        if (psbs.length > 0) {
            startAt(psbs[0]);
        }
        suppressEvents = false;
        insnSinceGap = false;
        warnings.clear();
        steps = 0;
        discovering = prober != null;
        nextPsb = 1;
        pending.clear();
        foundCount = 0;
    }

    private void startAt(long psb) {
        int st = decoder.syncSet(psb);
        status = st;
        needSync = false;
        pendingError = 0;
        if (st >= 0) {
            pendingCheckpoint = psb;
        }
    }

    @Override
    public boolean rewind(long checkpoint) {
        if (Arrays.binarySearch(psbs, checkpoint) < 0) {
            return false;
        }
        ended = false;
        discovering = false;
        startAt(checkpoint);
        suppressEvents = true;
        insnSinceGap = false;
        return status >= 0;
    }

    @Override
    public int next(TraceStep step) {
        int st = step0(step);
        if (discovering) {
            if (st >= 0) {
                discover(step);
            } else {
                finishDiscovery();
            }
        }
        return st;
    }

    /** A step's identity for matching: the ip, or a gap's code with the top bit set. */
    private static long key(TraceStep step) {
        return step.gap ? Long.MIN_VALUE | (step.errcode & 0xffffffffL) : step.ip;
    }

    /** A PSB waiting for enough steps after the decoder passed it. */
    private record Pending(long psb, long[] probe, int length, long crossedAt) {
    }

    private void discover(TraceStep step) {
        ring[(int) (steps & (RING - 1))] = key(step);
        steps++;
        while (nextPsb < psbs.length && decoder.offset() > psbs[nextPsb]) {
            long[] p = probe(psbs[nextPsb]);
            if (p != null) {
                pending.add(new Pending(psbs[nextPsb], p, probeLength, steps));
            }
            nextPsb++;
        }
        while (!pending.isEmpty() && steps >= pending.peekFirst().crossedAt() + RING / 4) {
            resolve(pending.pollFirst());
        }
    }

    private void finishDiscovery() {
        while (!pending.isEmpty()) {
            resolve(pending.pollFirst());
        }
        discovering = false;
    }

    /** Finds the unique place in the recent steps where the PSB's probe steps occur. */
    private void resolve(Pending p) {
        long first = Math.max(0, Math.max(p.crossedAt() - RING / 2, steps - RING));
        long match = -1;
        int matches = 0;
        for (long s = first; s + p.length() <= steps && matches < 2; s++) {
            int i = 0;
            while (i < p.length() && ring[(int) ((s + i) & (RING - 1))] == p.probe()[i]) {
                i++;
            }
            if (i == p.length()) {
                match = s;
                matches++;
            }
        }
        if (matches == 1) {
            if (foundCount + 2 > found.length) {
                found = Arrays.copyOf(found, found.length * 2);
            }
            found[foundCount++] = match + 1;
            found[foundCount++] = p.psb();
        }
    }

    /** The first steps a rewind to {@code psb} gives, or {@code null} if too few. */
    private long[] probe(long psb) {
        if (!prober.rewind(psb)) {
            return null;
        }
        long[] keys = new long[PROBE];
        TraceStep st = new TraceStep();
        int n = 0;
        while (n < PROBE && prober.step0(st) >= 0) {
            keys[n++] = key(st);
        }
        if (n < 16) {
            return null;
        }
        probeLength = n;
        return keys;
    }

    private int step0(TraceStep step) {
        if (pendingError != 0) {
            int err = pendingError;
            pendingError = 0;
            return error(step, err);
        }
        while (!ended) {
            if (needSync) {
                int st = decoder.syncForward();
                if (st < 0) {
                    if (st != -PtError.EOS.code()) {
                        warnings.add("Failed to synchronize onto the Intel Processor Trace stream: "
                                + PtError.of(-st).message() + ".");
                    }
                    ended = true;
                    break;
                }
                status = st;
                needSync = false;
                pendingCheckpoint = decoder.syncOffset();
            }
            while (status >= 0 && (status & StatusFlag.EVENT_PENDING) != 0) {
                int st = decoder.event(event);
                status = st;
                if (st < 0) {
                    break;
                }
                EventType type = event.type();
                if (event.statusUpdate()) {
                    // PSBs in mid-stream are found by probing (discover): the decoder's offset runs
                    // ahead of its instructions, so it cannot say which PSB this update came from.
                    continue;
                }
                if (suppressEvents) {
                    continue;
                }
                if (type == EventType.ENABLED) {
                    if (!event.resumed() && insnSinceGap) {
                        insnSinceGap = false;
                        step.gap(2, GapWarning.PT_NON_CONTIGUOUS, lastIp, decoder.offset());
                        return 0;
                    }
                } else if (type == EventType.OVERFLOW) {
                    insnSinceGap = false;
                    step.gap(3, GapWarning.PT_OVERFLOW, lastIp, decoder.offset());
                    return 0;
                }
            }
            if (status >= 0) {
                int st = decoder.next(insn);
                status = st;
                if (st >= 0 || insn.iclass() != InsnClass.UNKNOWN) {
                    lastIp = insn.ip();
                    step.instruction(lastIp, insn.size(), kind(insn.iclass()), insn.speculative());
                    step.checkpoint = pendingCheckpoint;
                    pendingCheckpoint = TraceStep.NO_CHECKPOINT;
                    insnSinceGap = true;
                    suppressEvents = false;
                    if (st < 0) {
                        pendingError = st;
                    }
                    return 0;
                }
            }
            if (insn.ip() != 0) {
                // The decoder leaves the ip where decoding failed in the holder; gdb prints it.
                lastIp = insn.ip();
            }
            return error(step, status);
        }
        return -PtError.EOS.code();
    }

    private int error(TraceStep step, int st) {
        needSync = true;
        if (st == -PtError.EOS.code()) {
            ended = true;
            return -PtError.EOS.code();
        }
        insnSinceGap = false;
        suppressEvents = false;
        step.gap(st, GapWarning.PT_DECODE_ERROR, lastIp, decoder.offset());
        return 0;
    }

    /** The decoder's iclass as gdb reclassifies it: only near call, return and jump matter. */
    static InsnKind kind(InsnClass iclass) {
        return switch (iclass) {
            case CALL -> InsnKind.CALL;
            case RETURN -> InsnKind.RETURN;
            case JUMP -> InsnKind.JUMP;
            default -> InsnKind.OTHER;
        };
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }
}
