package dev.hindsight.history.source;

import dev.hindsight.history.GapWarning;
import dev.hindsight.history.InsnKind;
import dev.hindsight.history.InstructionSource;
import dev.hindsight.history.TraceStep;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.libipt.LibiptDecoder;
import dev.hindsight.pt.libipt.LibiptEventType;
import dev.hindsight.pt.packet.PacketDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Intel PT decoded by libipt's instruction-flow decoder, as gdb's {@code ftrace_add_pt} drives it
 * (spec §9.5): synchronise, drain events, take instructions; a decode error becomes a gap with the
 * negative libipt code and decoding resynchronises at the next PSB. Events: a non-resumed
 * "enabled" after an instruction since the last gap is a non-contiguous gap (2), an overflow is an
 * overflow gap (3), everything else is ignored.
 *
 * <p>The first instruction after each PSB is a checkpoint (the PSB's trace offset): the
 * decoder is resynchronised there with {@code pt_insn_sync_set} and events before the first
 * instruction are dropped, since the full decode saw only status updates or a fresh sync there.
 * Until Hindsight's own flow decoder lands this runs libipt through JNA.
 */
public final class LibiptInstructionSource implements InstructionSource {
    private final LibiptDecoder decoder;
    private final long[] psbs;
    private final List<String> warnings = new ArrayList<>();
    private boolean needSync = true;
    private boolean ended;
    private int status;
    private boolean insnSinceGap;
    private boolean suppressEvents;
    private long pendingCheckpoint = TraceStep.NO_CHECKPOINT;
    private long lastIp;

    /**
     * A source over an open insn decoder.
     *
     * @param decoder the libipt instruction decoder (not a block decoder)
     * @param trace the same trace's bytes, to find its PSBs
     */
    public LibiptInstructionSource(LibiptDecoder decoder, ByteBuffer trace) {
        if (decoder.isBlockDecoder()) {
            throw new IllegalArgumentException("an instruction decoder is needed");
        }
        this.decoder = decoder;
        this.psbs = psbOffsets(trace);
    }

    /** The offsets of every PSB in the trace, ascending. */
    static long[] psbOffsets(ByteBuffer trace) {
        PacketDecoder p = new PacketDecoder(trace.duplicate());
        long[] r = new long[64];
        int n = 0;
        while (p.syncForward() >= 0) {
            long off = p.syncOffset();
            if (n > 0 && off <= r[n - 1]) {
                break;
            }
            if (n == r.length) {
                r = Arrays.copyOf(r, n * 2);
            }
            r[n++] = off;
        }
        return Arrays.copyOf(r, n);
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
        // Synchronising at the first PSB is what pt_insn_sync_forward does on a fresh decoder.
        needSync = psbs.length == 0;
        ended = false;
        status = 0;
        if (psbs.length > 0) {
            startAt(psbs[0]);
        }
        suppressEvents = false;
        insnSinceGap = false;
        warnings.clear();
    }

    private void startAt(long psb) {
        int st = decoder.syncSet(psb);
        status = st;
        needSync = false;
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
        startAt(checkpoint);
        suppressEvents = true;
        insnSinceGap = false;
        return status >= 0;
    }

    @Override
    public int next(TraceStep step) {
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
            while (status >= 0 && (status & LibiptDecoder.EVENT_PENDING) != 0) {
                int st = decoder.event();
                status = st;
                if (st < 0) {
                    break;
                }
                LibiptEventType type = decoder.eventType();
                if (type == null) {
                    continue;
                }
                if (decoder.eventStatusUpdate()) {
                    // A PSB+ passed in the middle of the stream: the next instruction is where
                    // a decoder synchronised at that PSB would start.
                    pendingCheckpoint = psbAtOrBefore(decoder.offset());
                    continue;
                }
                if (suppressEvents) {
                    continue;
                }
                if (type == LibiptEventType.ENABLED) {
                    boolean resumed = (decoder.variantInt(8) & 1) != 0;
                    if (!resumed && insnSinceGap) {
                        insnSinceGap = false;
                        step.gap(2, GapWarning.PT_NON_CONTIGUOUS, lastIp, decoder.offset());
                        return 0;
                    }
                } else if (type == LibiptEventType.OVERFLOW) {
                    insnSinceGap = false;
                    step.gap(3, GapWarning.PT_OVERFLOW, lastIp, decoder.offset());
                    return 0;
                }
            }
            if (status >= 0) {
                int st = decoder.next();
                status = st;
                if (st >= 0) {
                    lastIp = decoder.ip();
                    step.instruction(lastIp, decoder.size(), kind(decoder.iclass()), decoder.speculative());
                    step.checkpoint = pendingCheckpoint;
                    pendingCheckpoint = TraceStep.NO_CHECKPOINT;
                    insnSinceGap = true;
                    suppressEvents = false;
                    return 0;
                }
            }
            needSync = true;
            if (status == -PtError.EOS.code()) {
                ended = true;
                break;
            }
            insnSinceGap = false;
            suppressEvents = false;
            step.gap(status, GapWarning.PT_DECODE_ERROR, lastIp, decoder.offset());
            return 0;
        }
        return -PtError.EOS.code();
    }

    private long psbAtOrBefore(long offset) {
        int i = Arrays.binarySearch(psbs, offset);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? TraceStep.NO_CHECKPOINT : psbs[i];
    }

    /** libipt's iclass as gdb reclassifies it: only near call, return and jump matter. */
    static InsnKind kind(int iclass) {
        return switch (iclass) {
            case 2 -> InsnKind.CALL;
            case 3 -> InsnKind.RETURN;
            case 4 -> InsnKind.JUMP;
            default -> InsnKind.OTHER;
        };
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        decoder.close();
    }
}
