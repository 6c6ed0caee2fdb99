package dev.hindsight.pt.libipt;

import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnFlow;

/** libipt's instruction decoder ({@code pt_insn_*}) behind Hindsight's {@link InsnFlow}. */
public final class LibiptInsnFlow extends LibiptFlow implements InsnFlow {
    /** Wraps an open decoder; it must have been opened with the instruction decoder. */
    public LibiptInsnFlow(LibiptDecoder decoder) {
        super(decoder, false);
    }

    @Override
    public int next(Insn insn) {
        int status = decoder.next();
        int n = decoder.raw(raw);
        insn.set(decoder.ip(), decoder.isid(), LibiptEvents.mode(decoder.mode()),
                LibiptEvents.iclass(decoder.iclass()), raw, n, decoder.speculative(), decoder.truncated());
        return status;
    }
}
