package dev.hindsight.pt.libipt;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnFlow;
import dev.hindsight.pt.query.PtEvent;

/** libipt's instruction decoder ({@code pt_insn_*}) behind Hindsight's {@link InsnFlow}. */
public final class LibiptInsnFlow implements InsnFlow, AutoCloseable {
    private final LibiptDecoder decoder;
    private final byte[] raw = new byte[15];

    /** Wraps an open decoder; it must have been opened with the instruction decoder. */
    public LibiptInsnFlow(LibiptDecoder decoder) {
        if (decoder.isBlockDecoder()) {
            throw new IllegalArgumentException("not an instruction decoder");
        }
        this.decoder = decoder;
    }

    @Override
    public int syncForward() {
        return decoder.syncForward();
    }

    @Override
    public long offset() {
        return decoder.offset();
    }

    @Override
    public int next(Insn insn) {
        int status = decoder.next();
        int n = decoder.raw(raw);
        insn.set(decoder.ip(), decoder.isid(), LibiptEvents.x86Mode(decoder.mode()),
                LibiptEvents.iclass(decoder.iclass()), raw, n,
                decoder.speculative(), decoder.truncated());
        return status;
    }

    @Override
    public int event(PtEvent event) {
        int status = decoder.event();
        if (status < 0) {
            return status;
        }
        int copied = LibiptEvents.copy(decoder, event);
        return copied < 0 ? copied : status;
    }

    /** libipt 2.0.5 has no {@code pt_insn_resync}. */
    @Override
    public int resync() {
        return -PtError.NOT_SUPPORTED.code();
    }

    @Override
    public void close() {
        decoder.close();
    }
}
