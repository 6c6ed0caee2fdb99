package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An Intel PT query decoder, libipt's {@code pt_query_decoder}: answers "was the next conditional
 * branch taken?", "where did the next indirect branch go?" and "what is the next event?".
 *
 * <p>Built, as in libipt master, on an {@link EventDecoder}: TNT events fill a TNT cache that
 * {@link #condBranch()} drains bit by bit, oldest first; TIP events answer {@link
 * #indirectBranch()}; all other events are returned by {@link #event(PtEvent)}. Every query
 * returns {@link StatusFlag} bits: {@link StatusFlag#EVENT_PENDING} once the TNT cache is empty
 * and the next event is not a branch, {@link StatusFlag#EOS} once the TNT cache is empty at the
 * end of the trace, {@link StatusFlag#IP_SUPPRESSED} when an IP is not available.
 *
 * <p>Not thread-safe. No allocation per query.
 */
public final class QueryDecoder {
    private final EventDecoder events;
    private long ip;
    private boolean taken;

    /**
     * Creates a decoder over {@code trace}. It must be synchronized before use.
     *
     * @param trace the raw trace bytes; not copied
     * @param config the configuration
     */
    public QueryDecoder(ByteBuffer trace, QueryConfig config) {
        this.events = new EventDecoder(Objects.requireNonNull(trace, "trace"), config);
    }

    /**
     * Creates a decoder over a byte array.
     *
     * @param trace the raw trace bytes; not copied
     * @param config the configuration
     */
    public QueryDecoder(byte[] trace, QueryConfig config) {
        this(ByteBuffer.wrap(trace), config);
    }

    /** The configuration this decoder was created with. */
    public QueryConfig config() {
        return events.config();
    }

    /**
     * Synchronizes onto the next PSB, like {@code pt_qry_sync_forward}; {@link #ip()} is then the
     * IP at which tracing starts unless {@link StatusFlag#IP_SUPPRESSED} is returned.
     *
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncForward() {
        return -PtError.NOT_SUPPORTED.code();
    }

    /**
     * Synchronizes onto the previous PSB, like {@code pt_qry_sync_backward}.
     *
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncBackward() {
        return -PtError.NOT_SUPPORTED.code();
    }

    /**
     * Synchronizes onto the PSB at {@code offset}, like {@code pt_qry_sync_set}.
     *
     * @param offset the trace offset of a PSB
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncSet(long offset) {
        return -PtError.NOT_SUPPORTED.code();
    }

    /** The current offset, like {@code pt_qry_get_offset}; {@code -NOSYNC} if not synchronized. */
    public long offset() {
        return events.offset();
    }

    /** The last sync offset, like {@code pt_qry_get_sync_offset}; {@code -NOSYNC} if not synchronized. */
    public long syncOffset() {
        return events.syncOffset();
    }

    /**
     * Queries the next conditional branch, like {@code pt_qry_cond_branch}; the answer is
     * {@link #taken()}.
     *
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} if the next packet is
     *     not a TNT
     */
    public int condBranch() {
        return -PtError.NOSYNC.code();
    }

    /**
     * Queries the next indirect branch, like {@code pt_qry_indirect_branch}; the destination is
     * {@link #ip()} unless {@link StatusFlag#IP_SUPPRESSED} is returned.
     *
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} if the next event is
     *     not a TIP
     */
    public int indirectBranch() {
        return -PtError.NOSYNC.code();
    }

    /**
     * Queries the next pending event, like {@code pt_qry_event}.
     *
     * @param event the holder to fill
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} while TNT bits are
     *     cached or if the next event is a branch
     */
    public int event(PtEvent event) {
        return -PtError.NOSYNC.code();
    }

    /** The answer of the last {@link #condBranch()}. */
    public boolean taken() {
        return taken;
    }

    /** The IP of the last sync or {@link #indirectBranch()}. */
    public long ip() {
        return ip;
    }

    /**
     * The time at the last query, like {@code pt_qry_time}.
     *
     * @param out the holder to fill
     * @return 0, or {@code -PtError.NO_TIME.code()} if there was no TSC yet ({@code out} then
     *     holds the relative time)
     */
    public int time(TimeQuery out) {
        return -PtError.NO_TIME.code();
    }

    /**
     * The core:bus ratio at the last query, like {@code pt_qry_core_bus_ratio}.
     *
     * @return the ratio ({@code >= 0}), or {@code -PtError.NO_CBR.code()} if there was no CBR
     */
    public int coreBusRatio() {
        return -PtError.NO_CBR.code();
    }
}
