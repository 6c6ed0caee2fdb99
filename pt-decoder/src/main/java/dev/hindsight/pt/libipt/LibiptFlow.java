package dev.hindsight.pt.libipt;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.query.PtEvent;

/**
 * What libipt's block and instruction decoders share behind Hindsight's flow interfaces: the
 * synchronisation and event verbs, and freeing the native decoder.
 */
abstract class LibiptFlow implements AutoCloseable {
    /** The native decoder. */
    final LibiptDecoder decoder;
    /** A buffer for the bytes of the instruction last decoded. */
    final byte[] raw = new byte[15];

    LibiptFlow(LibiptDecoder decoder, boolean block) {
        if (decoder.isBlockDecoder() != block) {
            throw new IllegalArgumentException(block ? "not a block decoder" : "not an instruction decoder");
        }
        this.decoder = decoder;
    }

    /** {@code pt_*_sync_forward}. */
    public int syncForward() {
        return decoder.syncForward();
    }

    /** {@code pt_*_get_offset}. */
    public long offset() {
        return decoder.offset();
    }

    /** {@code pt_*_event}, copied into Hindsight's event holder. */
    public int event(PtEvent event) {
        int status = decoder.event();
        if (status < 0) {
            return status;
        }
        int copied = LibiptEvents.copy(decoder, event);
        return copied < 0 ? copied : status;
    }

    /** libipt 2.0.5 has no {@code pt_*_resync}. */
    public int resync() {
        return -PtError.NOT_SUPPORTED.code();
    }

    @Override
    public void close() {
        decoder.close();
    }
}
