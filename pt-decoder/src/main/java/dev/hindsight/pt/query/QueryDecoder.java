package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;

import dev.hindsight.pt.query.internal.EventTime;
import dev.hindsight.pt.query.internal.TntCache;

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
    /** A copy of the event decoder to read the start IP from PSB+ without consuming it. */
    private final EventDecoder lookahead;
    private final TntCache tnt = new TntCache();
    /** The time at the last query, before reading ahead. */
    private final EventTime lastTime;
    /** The next event, read ahead; valid while {@link #status} is not negative. */
    private final PtEvent event = new PtEvent();
    private final PtEvent scratch = new PtEvent();
    /** The event decoder's last error, reported when the next query needs the event. */
    private int status = -PtError.NOSYNC.code();
    private long ip;
    private boolean taken;

    /**
     * Creates a decoder over {@code trace}. It must be synchronized before use.
     *
     * @param trace the raw trace bytes; not copied
     * @param config the configuration
     */
    public QueryDecoder(ByteBuffer trace, QueryConfig config) {
        Objects.requireNonNull(trace, "trace");
        this.events = new EventDecoder(trace, config);
        this.lookahead = new EventDecoder(trace, config);
        this.lastTime = new EventTime(config.timeConfig());
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

    private void reset() {
        status = -PtError.NOSYNC.code();
        tnt.clear();
        lastTime.reset();
    }

    /** Branch events are answered by queries; everything else is an event to report. */
    private static boolean isPending(PtEvent ev) {
        return ev.type() != EventType.TNT && ev.type() != EventType.TIP;
    }

    /**
     * The status flags after a query: nothing is signalled while TNT bits are cached, so that the
     * user first uses them up to reach the code the next event belongs to.
     */
    private int statusFlags() {
        if (!tnt.isEmpty()) {
            return 0;
        }
        if (status == -PtError.EOS.code()) {
            return StatusFlag.EOS;
        }
        return isPending(event) ? StatusFlag.EVENT_PENDING : 0;
    }

    private void fetchEvent() {
        int rc = events.next(event);
        if (rc < 0) {
            status = rc;
            // Nothing valid: make the event look like no known type that answers a query.
            event.clear().type(EventType.STOP);
        }
    }

    /**
     * Reads the start IP from the PSB+ status events on a copy of the event decoder, then reads
     * ahead the first event: libipt {@code pt_qry_start}.
     */
    private int start() {
        lookahead.copyStateFrom(events);
        int result = StatusFlag.IP_SUPPRESSED;
        for (;;) {
            // Only the events of the initial PSB+; an adjacent PSB+ is not ours to process here.
            if (lookahead.position() != events.position()) {
                break;
            }
            int rc = lookahead.next(scratch);
            if (rc < 0) {
                if (rc != -PtError.EOS.code()) {
                    return rc;
                }
                break;
            }
            if (!scratch.statusUpdate()) {
                break;
            }
            if (scratch.type() == EventType.ENABLED) {
                result &= ~StatusFlag.IP_SUPPRESSED;
                ip = scratch.ip();
                break;
            }
        }
        status = 0;
        fetchEvent();
        return result | statusFlags();
    }

    /**
     * Synchronizes onto the next PSB, like {@code pt_qry_sync_forward}; {@link #ip()} is then
     * the IP at which tracing starts unless {@link StatusFlag#IP_SUPPRESSED} is returned.
     *
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncForward() {
        reset();
        int rc = events.syncForward();
        if (rc < 0) {
            return rc;
        }
        return start();
    }

    /**
     * Synchronizes onto the previous PSB, like {@code pt_qry_sync_backward}; incomplete trace
     * segments at the end are skipped.
     *
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncBackward() {
        long start = events.position();
        if (start < 0) {
            start = events.traceSize();
        }
        long sync = start;
        int result;
        for (;;) {
            reset();
            long pos;
            do {
                int rc = events.syncBackward();
                if (rc < 0) {
                    return rc;
                }
                pos = events.position();
            } while (sync <= pos);
            sync = pos;
            result = start();
            if (result < 0) {
                // A PSB+ cut by the end of the trace cannot be decoded; try an earlier one.
                if (result != -PtError.EOS.code()) {
                    return result;
                }
                continue;
            }
            // Starting inside or right after a PSB+ may find the same PSB again.
            pos = events.position();
            if (pos < start) {
                break;
            }
        }
        return result;
    }

    /**
     * Synchronizes onto the PSB at {@code offset}, like {@code pt_qry_sync_set}.
     *
     * @param offset the trace offset of a PSB
     * @return status flags, or {@code -PtError.code()}
     */
    public int syncSet(long offset) {
        reset();
        int rc = events.syncSet(offset);
        if (rc < 0) {
            return rc;
        }
        return start();
    }

    /** The current offset, like {@code pt_qry_get_offset}; {@code -NOSYNC} if not synchronized. */
    public long offset() {
        return events.offset();
    }

    /** The last sync offset, like {@code pt_qry_get_sync_offset}; {@code -NOSYNC} if not synchronized. */
    public long syncOffset() {
        return events.syncOffset();
    }

    /** Moves the bits of a TNT event into the cache and reads the next event. */
    private int cacheTnt() {
        if (status < 0) {
            return status;
        }
        if (event.type() != EventType.TNT) {
            return 0;
        }
        int rc = tnt.add(event.bits(), event.size());
        if (rc < 0) {
            return rc;
        }
        fetchEvent();
        return 0;
    }

    /**
     * Queries the next conditional branch, like {@code pt_qry_cond_branch}; the answer is
     * {@link #taken()}.
     *
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} if the next packet is
     *     not a TNT
     */
    public int condBranch() {
        int query = tnt.query();
        if (query < 0) {
            // Out of bits: take them from the current event if it is a TNT, keeping its time.
            events.copyTimeTo(lastTime);
            int rc = cacheTnt();
            if (rc < 0) {
                return rc;
            }
            query = tnt.query();
            if (query < 0) {
                // Deferred event decode errors show once the cache is used up.
                return status < 0 ? status : query;
            }
        }
        taken = query != 0;
        return statusFlags();
    }

    /**
     * Queries the next indirect branch, like {@code pt_qry_indirect_branch}; the destination is
     * {@link #ip()} unless {@link StatusFlag#IP_SUPPRESSED} is returned.
     *
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} if the next event is
     *     not a TIP
     */
    public int indirectBranch() {
        if (status < 0) {
            return status;
        }
        if (event.type() != EventType.TIP) {
            int rc = cacheTnt();
            if (rc < 0) {
                return rc;
            }
            if (event.type() != EventType.TIP) {
                return status < 0 ? status : -PtError.BAD_QUERY.code();
            }
        }
        int result = 0;
        if (event.ipSuppressed()) {
            result |= StatusFlag.IP_SUPPRESSED;
        } else {
            ip = event.ip();
        }
        events.copyTimeTo(lastTime);
        fetchEvent();
        return result | statusFlags();
    }

    /**
     * Queries the next pending event, like {@code pt_qry_event}.
     *
     * @param out the holder to fill
     * @return status flags, or {@code -PtError.code()}: {@code -BAD_QUERY} while TNT bits are
     *     cached or if the next event is a branch
     */
    public int event(PtEvent out) {
        Objects.requireNonNull(out, "event");
        if (!tnt.isEmpty()) {
            return -PtError.BAD_QUERY.code();
        }
        if (status < 0) {
            return status;
        }
        if (!isPending(event)) {
            return -PtError.BAD_QUERY.code();
        }
        out.copyFrom(event);
        events.copyTimeTo(lastTime);
        fetchEvent();
        return statusFlags();
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
        return lastTime.query(out);
    }

    /**
     * The core:bus ratio at the last query, like {@code pt_qry_core_bus_ratio}.
     *
     * @return the ratio ({@code >= 0}), or {@code -PtError.NO_CBR.code()} if there was no CBR
     */
    public int coreBusRatio() {
        return lastTime.coreBusRatio();
    }
}
