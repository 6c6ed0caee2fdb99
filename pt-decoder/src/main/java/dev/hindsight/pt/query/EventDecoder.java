package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An Intel PT event decoder, libipt master's {@code pt_event_decoder}: it turns the packets of a
 * trace into a sequence of {@link PtEvent}s.
 *
 * <p>Branches are events too: a TNT packet gives a {@link EventType#TNT} event, a TIP a
 * {@link EventType#TIP} event (or an {@link EventType#ASYNC_BRANCH} with a preceding FUP). Events
 * that bind to a later packet are queued and reported at that packet, in libipt's order: the
 * enable/branch event first, then the events bound to its IP. PSB+ contents are reported as
 * status updates ({@link PtEvent#statusUpdate()}) at PSBEND, led by an enabled or disabled event.
 *
 * <p>Usage: {@link #syncForward()} (or {@link #syncSet(long)} / {@link #syncBackward()}), then
 * {@link #next(PtEvent)} until it returns {@code -PtError.EOS.code()}. After an error, sync
 * forward again to continue at the next PSB. Errata workarounds in this layer: BDM70, SKD010,
 * APL11, APL12 (see {@link QueryConfig}).
 *
 * <p>Not thread-safe. No allocation per packet or event.
 */
public final class EventDecoder {
    private final ByteBuffer trace;
    private final QueryConfig config;

    /**
     * Creates a decoder over {@code trace} (position 0 to limit is the trace; offsets are
     * relative to index 0 of the buffer). The decoder must be synchronized before use.
     *
     * @param trace the raw trace bytes; not copied, must not change while decoding
     * @param config the configuration
     */
    public EventDecoder(ByteBuffer trace, QueryConfig config) {
        this.trace = Objects.requireNonNull(trace, "trace");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a decoder over a byte array.
     *
     * @param trace the raw trace bytes; not copied
     * @param config the configuration
     */
    public EventDecoder(byte[] trace, QueryConfig config) {
        this(ByteBuffer.wrap(trace), config);
    }

    /** The configuration this decoder was created with. */
    public QueryConfig config() {
        return config;
    }

    /**
     * Synchronizes onto the next PSB after the current position (the trace start if not yet
     * synchronized) and decodes its PSB+ header, like {@code pt_evt_sync_forward}.
     *
     * @return 0, or {@code -PtError.code()}: {@code -EOS} if there is no further PSB
     */
    public int syncForward() {
        return -PtError.NOT_SUPPORTED.code();
    }

    /**
     * Synchronizes onto the previous PSB before the current position (the trace end if not yet
     * synchronized), like {@code pt_evt_sync_backward}.
     *
     * @return 0, or {@code -PtError.code()}: {@code -EOS} if there is no earlier PSB
     */
    public int syncBackward() {
        return -PtError.NOT_SUPPORTED.code();
    }

    /**
     * Synchronizes onto the PSB at {@code offset}, like {@code pt_evt_sync_set}.
     *
     * @param offset the trace offset of a PSB packet
     * @return 0, or {@code -PtError.code()}: {@code -NOSYNC} if there is no PSB there,
     *     {@code -EOS} if {@code offset} is outside the trace
     */
    public int syncSet(long offset) {
        return -PtError.NOT_SUPPORTED.code();
    }

    /**
     * The trace offset of the packet the decoder will process next, like
     * {@code pt_evt_get_offset}; used for error messages.
     *
     * @return the offset, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long offset() {
        return -PtError.NOSYNC.code();
    }

    /**
     * The offset of the last synchronization point (PSB), like {@code pt_evt_get_sync_offset}.
     *
     * @return the offset, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long syncOffset() {
        return -PtError.NOSYNC.code();
    }

    /**
     * The read position of the underlying packet decoder (libipt's {@code pt_evt_pos}): the
     * offset just after the packet returned by {@link #offset()}; flow decoders use it to tell
     * whether a backward sync moved.
     *
     * @return the position, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long position() {
        return -PtError.NOSYNC.code();
    }

    /**
     * Decodes the next event into {@code event}, like {@code pt_evt_next}.
     *
     * @param event the holder to fill; overwritten completely
     * @return 0 on success, or {@code -PtError.code()}: {@code -EOS} at the end of the trace,
     *     {@code -NOSYNC} if not synchronized, {@code -BAD_CONTEXT} for a packet that cannot
     *     appear here, {@code -BAD_OPC}/{@code -BAD_PACKET} from the packet layer
     */
    public int next(PtEvent event) {
        return -PtError.NOSYNC.code();
    }
}
