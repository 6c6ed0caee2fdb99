package dev.hindsight.pt.query.internal;

/**
 * The packet a queued event binds to, as a bit set (libipt's {@code enum pt_event_binding}): the
 * event is reported when the decoder reaches such a packet.
 */
public final class EventBinding {
    /** PSBEND (or an OVF in its place): status updates collected in a PSB+ header. */
    public static final int PSBEND = 1;
    /** TIP, TIP.PGE or TIP.PGD. */
    public static final int TIP = 1 << 1;
    /** A FUP that does not itself carry the event's IP context. */
    public static final int FUP = 1 << 2;
    /** A FUP that is bound to this event (the FUP gives the event's IP and no async branch). */
    public static final int FUP_BOUND = 1 << 3;
    /** EXSTOP (MWAIT binds to it). */
    public static final int EXSTOP = 1 << 4;
    /** CFE (EVD binds to it). */
    public static final int CFE = 1 << 5;
    /**
     * PWRX (or an OVF): a power-entry event waits for the exit of its power session, so that an
     * MWAIT/EXSTOP of the same session is reported first (libipt 8978561f's ptxed order).
     */
    public static final int PWRX = 1 << 6;
    /** Every binding. */
    public static final int ALL = PSBEND | TIP | FUP | FUP_BOUND | EXSTOP | CFE | PWRX;

    private EventBinding() {
    }
}
