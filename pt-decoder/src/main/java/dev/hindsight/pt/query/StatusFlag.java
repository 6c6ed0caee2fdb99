package dev.hindsight.pt.query;

/**
 * Decoder status flags, libipt's {@code enum pt_status_flag}, returned as a bit set by decoders.
 *
 * <p>A non-negative decoder return is a combination of these bits; a negative return is
 * {@code -PtError.code()}.
 */
public final class StatusFlag {
    /** There is an event pending ({@code pts_event_pending}). */
    public static final int EVENT_PENDING = 1;
    /** The address has been suppressed ({@code pts_ip_suppressed}). */
    public static final int IP_SUPPRESSED = 1 << 1;
    /** There is no more trace data available ({@code pts_eos}). */
    public static final int EOS = 1 << 2;

    private StatusFlag() {
    }
}
