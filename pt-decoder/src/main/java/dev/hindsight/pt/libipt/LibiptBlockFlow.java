package dev.hindsight.pt.libipt;

import dev.hindsight.pt.flow.Block;
import dev.hindsight.pt.flow.BlockFlow;

/** libipt's block decoder ({@code pt_blk_*}) behind Hindsight's {@link BlockFlow}. */
public final class LibiptBlockFlow extends LibiptFlow implements BlockFlow {
    /** Wraps an open decoder; it must have been opened with the block decoder. */
    public LibiptBlockFlow(LibiptDecoder decoder) {
        super(decoder, true);
    }

    @Override
    public int next(Block block) {
        int status = decoder.next();
        int n = decoder.raw(raw);
        block.set(decoder.ip(), decoder.endIp(), decoder.isid(), LibiptEvents.mode(decoder.mode()),
                LibiptEvents.iclass(decoder.iclass()), decoder.instructionCount(), raw, n,
                decoder.speculative(), decoder.truncated());
        return status;
    }
}
