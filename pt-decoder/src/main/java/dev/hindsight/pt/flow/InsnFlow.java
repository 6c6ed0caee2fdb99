package dev.hindsight.pt.flow;

import dev.hindsight.pt.query.PtEvent;

/**
 * What ptxed needs from an instruction-level flow decoder, with libipt's verbs and status codes
 * (0 or more: {@code StatusFlag} bits; negative: {@code -PtError.code()}). Hindsight's own
 * {@link InsnDecoder} implements it, and so does the libipt backend, so both print through
 * the same code.
 */
public interface InsnFlow {
    /** Synchronises onto the next PSB ({@code pt_*_sync_forward}). */
    int syncForward();

    /** The current trace offset, or a negative error ({@code pt_*_get_offset}). */
    long offset();

    /** Decodes the next instruction into {@code insn} ({@code pt_*_next}). */
    int next(Insn insn);

    /** Fetches the pending event ({@code pt_*_event}). */
    int event(PtEvent event);

    /** Resynchronises after an error at the next point the trace allows. */
    int resync();
}
