package dev.hindsight.pt.libipt;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.Block;
import dev.hindsight.pt.flow.BlockFlow;
import dev.hindsight.pt.query.PtEvent;

/** libipt's block decoder ({@code pt_blk_*}) behind Hindsight's {@link BlockFlow}. */
public final class LibiptBlockFlow implements BlockFlow, AutoCloseable {
    private final LibiptDecoder decoder;
    private final byte[] raw = new byte[15];

    /** Wraps an open decoder; it must have been opened with the block decoder. */
    public LibiptBlockFlow(LibiptDecoder decoder) {
        if (!decoder.isBlockDecoder()) {
            throw new IllegalArgumentException("not a block decoder");
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
    public int next(Block block) {
        int status = decoder.next();
        int n = decoder.raw(raw);
        block.set(decoder.ip(), decoder.endIp(), decoder.isid(), LibiptEvents.x86Mode(decoder.mode()),
                LibiptEvents.iclass(decoder.iclass()), decoder.instructionCount(), raw, n,
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

    /** libipt 2.0.5 has no {@code pt_blk_resync}. */
    @Override
    public int resync() {
        return -PtError.NOT_SUPPORTED.code();
    }

    @Override
    public void close() {
        decoder.close();
    }
}
