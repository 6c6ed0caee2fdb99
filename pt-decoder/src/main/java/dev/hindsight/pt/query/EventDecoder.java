package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.CfeType;
import dev.hindsight.pt.packet.IpCompression;
import dev.hindsight.pt.packet.LastIp;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketType;
import dev.hindsight.pt.query.internal.EventBinding;
import dev.hindsight.pt.query.internal.EventQueue;
import dev.hindsight.pt.query.internal.EventTime;
import dev.hindsight.pt.query.internal.PacketCursor;

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
    /** libipt aliases its internal "ignore" event (binds a packet, reports nothing) to tick. */
    static final EventType IGNORE = EventType.TICK;

    private static final int EVB_TIP_OR_FUP_BOUND = EventBinding.TIP | EventBinding.FUP_BOUND;

    private final QueryConfig config;
    private final boolean enableIflags;
    private final boolean keepTcalOnOvf;

    /** The packet decoder state. */
    final PacketCursor pacdec;
    /** The packet being processed; INVALID with {@link #status} after a packet-layer error. */
    final Packet packet = new Packet();
    /** The last packet-layer status, delivered when {@link #packet} is INVALID. */
    int status;
    final LastIp ip = new LastIp();
    final EventTime time;
    private final EventTime savedTime;
    final EventQueue evq = new EventQueue();
    /** The event to publish, or null. */
    PtEvent event;
    private final PtEvent swap = new PtEvent();

    private boolean modeExecValid;
    private boolean iflag;
    private boolean csd;
    private boolean csl;
    /** Tracing is enabled. */
    boolean enabled;
    /** The current packet is bound to events and must not be taken as standalone. */
    boolean bound;

    private final OverflowRecovery recovery;

    /**
     * Creates a decoder over {@code trace} (index 0 to its limit is the trace; offsets are
     * relative to index 0). The decoder must be synchronized before use.
     *
     * @param trace the raw trace bytes; not copied, must not change while decoding
     * @param config the configuration
     */
    public EventDecoder(ByteBuffer trace, QueryConfig config) {
        Objects.requireNonNull(trace, "trace");
        this.config = Objects.requireNonNull(config, "config");
        this.enableIflags = config.enableIflagsEvents();
        this.keepTcalOnOvf = config.keepTcalOnOvf();
        this.pacdec = new PacketCursor(trace, config.packetConfig());
        this.time = new EventTime(config.timeConfig());
        this.savedTime = new EventTime(config.timeConfig());
        this.recovery = new OverflowRecovery(this, config);
        reset();
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

    /** Resets the decoder state (not the position), libipt {@code pt_evt_reset}. */
    void reset() {
        packet.setType(PacketType.INVALID);
        status = -PtError.NOSYNC.code();
        event = null;
        enabled = false;
        bound = false;
        modeExecValid = false;
        ip.init();
        time.reset();
        evq.clear();
    }

    // ------------------------------------------------------------------ sync and position

    /**
     * Synchronizes onto the next PSB after the current position (the trace start if not yet
     * synchronized) and decodes its PSB+ header, like {@code pt_evt_sync_forward}.
     *
     * @return 0, or {@code -PtError.code()}: {@code -EOS} if there is no further PSB
     */
    public int syncForward() {
        reset();
        int rc = pacdec.syncForward();
        if (rc < 0) {
            return rc;
        }
        return start();
    }

    /**
     * Synchronizes onto the previous PSB before the current position (the trace end if not yet
     * synchronized), like {@code pt_evt_sync_backward}.
     *
     * @return 0, or {@code -PtError.code()}: {@code -EOS} if there is no earlier PSB
     */
    public int syncBackward() {
        int start = pacdec.rawPosition();
        if (start < 0) {
            start = pacdec.size();
        }
        int sync = start;
        for (;;) {
            reset();
            int pos;
            do {
                int rc = pacdec.syncBackward();
                if (rc < 0) {
                    return rc;
                }
                pos = pacdec.rawPosition();
            } while (sync <= pos);
            sync = pos;
            int rc = start();
            pos = pacdec.rawPosition();
            if (pos < start) {
                return rc;
            }
        }
    }

    /**
     * Synchronizes onto the PSB at {@code offset}, like {@code pt_evt_sync_set}.
     *
     * @param offset the trace offset of a PSB packet
     * @return 0, or {@code -PtError.code()}: {@code -NOSYNC} if there is no PSB there,
     *     {@code -EOS} if {@code offset} is outside the trace
     */
    public int syncSet(long offset) {
        reset();
        int rc = pacdec.syncSet(offset);
        if (rc < 0) {
            return rc;
        }
        return start();
    }

    /** Decodes the PSB+ at the position: libipt {@code pt_evt_start}. */
    private int start() {
        status = 0;
        fetchPacket();
        switch (packet.type()) {
            case PSB: {
                int rc = decodePsb();
                return rc < 0 ? rc : 0;
            }
            case INVALID: {
                int rc = status;
                return rc < 0 ? rc : -PtError.INTERNAL.code();
            }
            default:
                return -PtError.NOSYNC.code();
        }
    }

    /**
     * The trace offset of the packet the decoder will process next, like
     * {@code pt_evt_get_offset}; used for error messages.
     *
     * @return the offset, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long offset() {
        long pos = pacdec.position();
        if (pos < 0) {
            return pos;
        }
        return pos - packet.size();
    }

    /**
     * The offset of the last synchronization point (PSB), like {@code pt_evt_get_sync_offset}.
     *
     * @return the offset, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long syncOffset() {
        return pacdec.syncOffset();
    }

    /**
     * The read position of the underlying packet decoder (libipt's {@code pt_evt_pos}): the
     * offset just after the packet returned by {@link #offset()}; flow decoders use it to tell
     * whether a backward sync moved.
     *
     * @return the position, or {@code -PtError.NOSYNC.code()} if not synchronized
     */
    public long position() {
        return pacdec.position();
    }

    /** The size of the trace in bytes. */
    long traceSize() {
        return pacdec.size();
    }

    /**
     * Makes this decoder (over the same trace) a copy of {@code other}, for look-ahead without
     * consuming: libipt copies {@code struct pt_event_decoder} by value. A pending published
     * event is not carried over.
     */
    void copyStateFrom(EventDecoder other) {
        pacdec.copyFrom(other.pacdec);
        packet.copyFrom(other.packet);
        status = other.status;
        ip.copyFrom(other.ip);
        time.copyFrom(other.time);
        evq.copyFrom(other.evq);
        event = null;
        modeExecValid = other.modeExecValid;
        iflag = other.iflag;
        csd = other.csd;
        csl = other.csl;
        enabled = other.enabled;
        bound = other.bound;
    }

    /** Copies the current time estimate and calibration into {@code target}. */
    void copyTimeTo(EventTime target) {
        target.copyFrom(time);
    }

    // ------------------------------------------------------------------ next

    /**
     * Decodes the next event into {@code event}, like {@code pt_evt_next}.
     *
     * @param out the holder to fill; overwritten completely
     * @return 0 on success, or {@code -PtError.code()}: {@code -EOS} at the end of the trace,
     *     {@code -NOSYNC} if not synchronized, {@code -BAD_CONTEXT} for a packet that cannot
     *     appear here, {@code -BAD_OPC}/{@code -BAD_PACKET} from the packet layer
     */
    public int next(PtEvent out) {
        Objects.requireNonNull(out, "event");
        int rc = fetchEvent();
        if (rc < 0) {
            return rc;
        }
        PtEvent ev = event;
        event = null;
        if (ev == null) {
            return -PtError.INTERNAL.code();
        }
        out.copyFrom(ev);
        return 0;
    }

    /** Decodes packets until one reports an event: libipt {@code pt_evt_fetch_event}. */
    private int fetchEvent() {
        for (;;) {
            int rc = decodePacket();
            if (rc <= 0) {
                return rc;
            }
            if (event != null) {
                return -PtError.INTERNAL.code();
            }
            // The packet was consumed without an event; the next packet is not bound yet.
            bound = false;
            fetchPacket();
        }
    }

    /**
     * Reads the next non-PAD packet into {@link #packet}; a packet-layer error is stored in
     * {@link #status} and delivered when the INVALID packet is processed. Returns 0, so decode
     * functions can {@code return fetchPacket()} after publishing an event.
     */
    int fetchPacket() {
        do {
            int rc = pacdec.next(packet);
            if (rc < 0) {
                packet.setType(PacketType.INVALID);
                packet.setSize(0);
                status = rc;
                break;
            }
        } while (packet.type() == PacketType.PAD);
        return 0;
    }

    /*
     * Packet decode functions return: 0 an event was created (in 'event'), < 0 an error, > 0 the
     * packet is done and another one is needed. A function that is done with its packet after
     * creating an event fetches the next one itself (return fetchPacket()); one that has more
     * events for the same packet returns 0 and sees the packet again on the next call.
     */
    private int decodePacket() {
        switch (packet.type()) {
            case TNT_8:
            case TNT_64:
                return decodeTnt();
            case CYC:
                return decodeTiming(time.cyc(packet));
            case PAD:
                return 1;
            case FUP:
                return decodeFup();
            case TIP:
                return decodeTip();
            case MTC:
                return decodeTiming(time.mtc(packet));
            case TSC:
                return decodeTiming(time.tsc(packet));
            case CBR:
                return decodeCbr();
            case TMA:
                return decodeTiming(time.tma(packet));
            case MODE_EXEC:
                return decodeModeExec();
            case MODE_TSX:
                return decodeModeTsx();
            case PIP:
                return decodePip();
            case PTW:
                return decodePtw();
            case PSB: {
                int rc = decodePsb();
                if (rc <= 0) {
                    return rc;
                }
                return decodePacket();
            }
            case PSBEND:
                return decodePsbend();
            case TIP_PGE:
                return decodeTipPge();
            case TIP_PGD:
                return decodeTipPgd();
            case EXSTOP:
                return decodeExstop();
            case PWRE:
                return decodePwre();
            case PWRX:
                return decodePwrx();
            case MWAIT:
                return decodeMwait();
            case VMCS:
                return decodeVmcs();
            case OVF:
                return decodeOvf();
            case STOP:
                return standalone(EventType.STOP);
            case MNT:
                return decodeMnt();
            case CFE:
                return decodeCfe();
            case EVD:
                return decodeEvd();
            case TRIG:
                return decodeTrig();
            case INVALID:
                return status < 0 ? status : 1;
            case UNKNOWN:
                return 1;
            default:
                return -PtError.BAD_OPC.code();
        }
    }

    private static int decodeTiming(int rc) {
        return rc < 0 ? rc : 1;
    }

    // ------------------------------------------------------------------ helpers

    /** Stamps {@code ev} with the current time: libipt {@code pt_evt_event_time}. */
    void eventTime(PtEvent ev) {
        time.stamp(ev);
    }

    /**
     * Gives {@code ev} the last IP, or marks it suppressed if there is none: libipt
     * {@code pt_evt_event_ip}.
     */
    static void eventIp(PtEvent ev, LastIp lastIp) {
        int rc = lastIp.status();
        if (rc < 0) {
            ev.ip(0);
            ev.ipSuppressed(true);
        } else {
            ev.ip(lastIp.ip());
        }
    }

    private int updateIp() {
        return ip.update(packet.ipc(), packet.ip());
    }

    /** Publishes a standalone event of {@code type} with the current time and moves on. */
    private int standalone(EventType type) {
        PtEvent ev = evq.standalone().type(type);
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    /** Publishes a standalone event that has no IP (suppressed), with time, and moves on. */
    private int standaloneNoIp(PtEvent ev) {
        ev.ip(0).ipSuppressed(true);
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    // ------------------------------------------------------------------ PSB+

    /**
     * Decodes a PSB+ header, collecting its packets as status-update events bound to PSBEND (or
     * an OVF in its place); libipt {@code pt_evt_decode_psb}. Leaves the PSBEND or OVF as the
     * current packet and returns 1.
     */
    private int decodePsb() {
        // Partial events must not be carried across a PSB.
        if (evq.pending(EventBinding.ALL)) {
            return -PtError.BAD_CONTEXT.code();
        }
        ip.init();
        enabled = false;

        // The enabled/disabled status comes first; it is completed at PSBEND.
        PtEvent ev = evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true);

        for (;;) {
            fetchPacket();
            int rc;
            switch (packet.type()) {
                case FUP:
                    rc = headerFup();
                    break;
                case MODE_EXEC:
                    rc = headerModeExec();
                    break;
                case MODE_TSX:
                    rc = headerModeTsx();
                    break;
                case PIP:
                    rc = headerStatus(EventType.ASYNC_PAGING, true);
                    break;
                case VMCS:
                    rc = headerStatus(EventType.ASYNC_VMCS, true);
                    break;
                case MNT:
                    rc = headerStatus(EventType.MNT, false);
                    break;
                case TSC:
                    rc = time.headerTsc(packet);
                    break;
                case CBR:
                    rc = time.headerCbr(packet);
                    if (rc >= 0) {
                        rc = headerStatus(EventType.CBR, true);
                    }
                    break;
                case TMA:
                    rc = time.tma(packet);
                    break;
                case MTC:
                    rc = time.mtc(packet);
                    break;
                case CYC:
                    rc = time.cyc(packet);
                    break;
                case PSBEND:
                    if (enabled) {
                        ev.type(EventType.ENABLED);
                    } else {
                        ev.type(EventType.DISABLED).ipSuppressed(true);
                    }
                    return 1;
                case OVF:
                    // An OVF ends PSB+ like PSBEND. Without tracing enabled, drop the status
                    // event: the overflow event tells the story.
                    if (enabled) {
                        ev.type(EventType.ENABLED);
                    } else {
                        PtEvent head = evq.dequeue(EventBinding.PSBEND);
                        if (head != ev) {
                            return -PtError.INTERNAL.code();
                        }
                    }
                    return 1;
                case PAD:
                    rc = 0;
                    break;
                case INVALID:
                    rc = status;
                    break;
                default:
                    rc = -PtError.BAD_CONTEXT.code();
                    break;
            }
            if (rc < 0) {
                return rc;
            }
        }
    }

    /** A FUP in PSB+ tells that tracing is enabled, unless BDM70 applies. */
    private int headerFup() {
        boolean on = packet.ipc() != IpCompression.CODE_SUPPRESSED;
        if (config.bdm70()) {
            // BDM70: PSB+ may carry the FUP of a following TIP.PGE although tracing is disabled.
            int rc = recovery.checkBdm70();
            if (rc < 0) {
                return rc;
            }
            if (rc > 0) {
                on = false;
            }
        }
        enabled = on;
        if (!on) {
            return 0;
        }
        return updateIp();
    }

    private int headerModeExec() {
        boolean pIflag = packet.execIflag();
        boolean pCsd = packet.execCsd();
        boolean pCsl = packet.execCsl();
        if (modeExecValid) {
            // The status update must agree with what we know; iflag only with event tracing,
            // as we would not get all of its updates otherwise.
            if (enableIflags && iflag != pIflag) {
                return -PtError.BAD_STATUS_UPDATE.code();
            }
            if (csd != pCsd || csl != pCsl) {
                return -PtError.BAD_STATUS_UPDATE.code();
            }
        } else {
            modeExecValid = true;
            iflag = pIflag;
            csd = pCsd;
            csl = pCsl;
        }
        PtEvent ev = evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true).type(EventType.EXEC_MODE).execMode(ExecMode.of(pCsl, pCsd));
        if (enableIflags) {
            ev = evq.enqueue(EventBinding.PSBEND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.statusUpdate(true).type(EventType.IFLAGS).iflag(pIflag);
        }
        return 0;
    }

    private int headerModeTsx() {
        PtEvent ev = evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true).type(EventType.TSX).speculative(packet.tsxIntx()).aborted(packet.tsxAbrt());
        return 0;
    }

    /** Queues a PSB+ event for PIP, VMCS, MNT or CBR. MNT is not marked as status update. */
    private int headerStatus(EventType type, boolean statusUpdate) {
        PtEvent ev = evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(statusUpdate).type(type);
        switch (type) {
            case ASYNC_PAGING:
                ev.cr3(packet.pipCr3()).nonRoot(packet.pipNr());
                break;
            case ASYNC_VMCS:
                ev.base(packet.vmcsBase());
                break;
            case MNT:
                ev.payload(packet.mntPayload());
                break;
            case CBR:
                ev.ratio(packet.cbrRatio());
                break;
            default:
                return -PtError.INTERNAL.code();
        }
        return 0;
    }

    /** Publishes the PSB+ events one per call at PSBEND: libipt {@code pt_evt_decode_psbend}. */
    int decodePsbend() {
        PtEvent ev = evq.dequeue(EventBinding.PSBEND);
        if (ev == null) {
            return 1;
        }
        event = ev;
        switch (ev.type()) {
            case ENABLED:
            case EXEC_MODE:
            case IFLAGS:
            case TSX:
            case ASYNC_PAGING:
            case ASYNC_VMCS:
                eventIp(ev, ip);
                break;
            case DISABLED:
            case CBR:
            case MNT:
                break;
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        eventTime(ev);
        return 0;
    }

    // ------------------------------------------------------------------ timing and status packets

    private int decodeCbr() {
        int rc = time.cbr(packet);
        if (rc < 0) {
            return rc;
        }
        PtEvent ev = evq.standalone().type(EventType.CBR).ratio(packet.cbrRatio());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    private int decodeModeExec() {
        // MODE.Exec carries the execution mode and the interrupt flag; report what changed. If
        // nothing did, an internal ignore event still binds the packet to its TIP/FUP.
        boolean pCsl = packet.execCsl();
        boolean pCsd = packet.execCsd();
        boolean pIflag = packet.execIflag();
        int nevents = 0;
        if (!modeExecValid || csl != pCsl || csd != pCsd) {
            PtEvent ev = evq.enqueue(EVB_TIP_OR_FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.EXEC_MODE).execMode(ExecMode.of(pCsl, pCsd));
            csl = pCsl;
            csd = pCsd;
            nevents++;
        }
        if (enableIflags && (!modeExecValid || iflag != pIflag)) {
            PtEvent ev = evq.enqueue(EVB_TIP_OR_FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.IFLAGS).iflag(pIflag);
            iflag = pIflag;
            nevents++;
        }
        if (nevents == 0) {
            PtEvent ev = evq.enqueue(EVB_TIP_OR_FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(IGNORE);
        }
        modeExecValid = true;
        return 1;
    }

    private int decodeModeTsx() {
        if (enabled) {
            // An abort binds to the FUP of the abort (async); a commit/begin to the FUP at its IP.
            PtEvent ev = evq.enqueue(packet.tsxAbrt() ? EventBinding.FUP : EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.TSX).speculative(packet.tsxIntx()).aborted(packet.tsxAbrt());
            return 1;
        }
        PtEvent ev = evq.standalone().type(EventType.TSX).speculative(packet.tsxIntx())
                .aborted(packet.tsxAbrt());
        return standaloneNoIp(ev);
    }

    private int decodePip() {
        // PIP is standalone or binds to the TIP of an async branch (queued at its FUP).
        if (evq.find(EventBinding.TIP, EventType.ASYNC_BRANCH) != null) {
            PtEvent ev = evq.enqueue(EventBinding.TIP);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.ASYNC_PAGING).cr3(packet.pipCr3()).nonRoot(packet.pipNr());
            return 1;
        }
        PtEvent ev = evq.standalone().type(EventType.PAGING).cr3(packet.pipCr3()).nonRoot(packet.pipNr());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    private int decodeVmcs() {
        // With both PIP and VMCS in an async branch, VMCS is ordered first: take the slot of a
        // queued async paging event and queue that one again behind.
        PtEvent paging = evq.find(EventBinding.TIP, EventType.ASYNC_PAGING);
        if (paging != null) {
            PtEvent moved = evq.enqueue(EventBinding.TIP);
            if (moved == null) {
                return -PtError.NOMEM.code();
            }
            moved.copyFrom(paging);
            paging.type(EventType.ASYNC_VMCS).base(packet.vmcsBase());
            return 1;
        }
        if (evq.find(EventBinding.TIP, EventType.ASYNC_BRANCH) != null) {
            PtEvent ev = evq.enqueue(EventBinding.TIP);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.ASYNC_VMCS).base(packet.vmcsBase());
            return 1;
        }
        // A standalone VMCS binds to a VMPTRLD/VMRESUME/VMLAUNCH; the flow layer places it.
        PtEvent ev = evq.standalone().type(EventType.VMCS).base(packet.vmcsBase());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    private int decodeMnt() {
        PtEvent ev = evq.standalone().type(EventType.MNT).payload(packet.mntPayload());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    // ------------------------------------------------------------------ power and ptwrite

    private int decodeExstop() {
        PtEvent mwait = evq.dequeue(EventBinding.EXSTOP);
        if (mwait != null) {
            if (mwait.type() != EventType.MWAIT) {
                return -PtError.INTERNAL.code();
            }
            if (!packet.exstopIp()) {
                // Without IP, MWAIT and EXSTOP are both standalone: MWAIT now, EXSTOP next call.
                mwait.ip(0).ipSuppressed(true);
                event = mwait;
                eventTime(mwait);
                return 0;
            }
            // With IP, both bind to the FUP: MWAIT first.
            PtEvent ev = evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.copyFrom(mwait);
        }
        if (packet.exstopIp()) {
            PtEvent ev = evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.EXSTOP);
            return 1;
        }
        return standaloneNoIp(evq.standalone().type(EventType.EXSTOP));
    }

    private int decodeMwait() {
        PtEvent ev = evq.enqueue(EventBinding.EXSTOP);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.type(EventType.MWAIT).hints(packet.mwaitHints()).ext(packet.mwaitExt());
        return 1;
    }

    private int decodePwre() {
        // A power entry waits for the exit (PWRX) or an OVF, so that the MWAIT and EXSTOP of its
        // power session come first (libipt 8978561f: mwait, exstop, pwre, pwrx).
        PtEvent ev = evq.enqueue(EventBinding.PWRX);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.type(EventType.PWRE).state(packet.pwreState()).subState(packet.pwreSubState()).hw(packet.pwreHw());
        return 1;
    }

    private int decodePwrx() {
        // Publish the power entries of this session first, one per call.
        PtEvent pending = evq.dequeue(EventBinding.PWRX);
        if (pending != null) {
            event = pending;
            eventTime(pending);
            return 0;
        }
        PtEvent ev = evq.standalone().type(EventType.PWRX).last(packet.pwrxLast())
                .deepest(packet.pwrxDeepest()).wakeInterrupt(packet.pwrxInterrupt())
                .wakeStore(packet.pwrxStore()).wakeAutonomous(packet.pwrxAutonomous());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    /** Power-session events an OVF publishes instead of dropping: entries, and MWAIT/EXSTOP. */
    private static final EventQueue.Selector POWER_SESSION = (binding, ev) ->
            (binding & (EventBinding.PWRX | EventBinding.EXSTOP)) != 0
                    || ((binding & EventBinding.FUP_BOUND) != 0
                            && (ev.type() == EventType.MWAIT || ev.type() == EventType.EXSTOP));

    /**
     * Publishes one pending power-session event at an OVF, in queue order, without IP: the FUP
     * that would give the IP is lost in the overflow.
     *
     * @return 0 if an event was published, 1 if there is none
     */
    private int flushPowerSession() {
        PtEvent ev = evq.dequeue(POWER_SESSION);
        if (ev == null) {
            return 1;
        }
        if (ev.type() != EventType.PWRE) {
            ev.ip(0).ipSuppressed(true);
        }
        event = ev;
        eventTime(ev);
        return 0;
    }

    private int decodePtw() {
        int size;
        switch (packet.ptwPlc()) {
            case 0:
                size = 4;
                break;
            case 1:
                size = 8;
                break;
            default:
                return -PtError.BAD_PACKET.code();
        }
        if (packet.ptwIp()) {
            PtEvent ev = evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.PTWRITE).size(size).payload(packet.ptwPayload());
            return 1;
        }
        return standaloneNoIp(evq.standalone().type(EventType.PTWRITE).size(size).payload(packet.ptwPayload()));
    }

    // ------------------------------------------------------------------ flow packets

    private int decodeFup() {
        int rc = updateIp();
        if (rc < 0) {
            return rc;
        }
        if (evq.pending(EventBinding.FUP_BOUND)) {
            bound = true;
        }
        PtEvent ev = evq.dequeue(EventBinding.FUP | EventBinding.FUP_BOUND);
        if (ev == null) {
            if (bound) {
                return 1;
            }
            // An unbound FUP is the source of an asynchronous branch, completed at the TIP. It
            // must have an IP.
            rc = ip.status();
            if (rc < 0) {
                return rc;
            }
            PtEvent async = evq.enqueue(EventBinding.TIP);
            if (async == null) {
                return -PtError.NOMEM.code();
            }
            async.type(EventType.ASYNC_BRANCH).from(ip.ip());
            return 1;
        }
        event = ev;
        switch (ev.type()) {
            case OVERFLOW:
                // The time of the OVF is kept: it tells how long the overflow lasted.
                eventIp(ev, ip);
                enabled = true;
                break;
            case TSX:
            case EXSTOP:
            case MWAIT:
            case PTWRITE:
            case EXEC_MODE:
            case IFLAGS:
            case INTERRUPT:
            case IRET:
            case SMI:
            case INIT:
            case VMENTRY:
            case VMEXIT:
            case SHUTDOWN:
            case UINTR:
            case UIRET:
            case TRIG:
            case SWINTR:
                eventTime(ev);
                eventIp(ev, ip);
                break;
            case RSM:
            case SIPI:
                eventTime(ev);
                if (!ev.ipSuppressed()) {
                    return -PtError.INTERNAL.code();
                }
                break;
            case TICK: // IGNORE
                event = null;
                return decodeFup();
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        return 0;
    }

    private int decodeTip() {
        if (!enabled) {
            return -PtError.BAD_CONTEXT.code();
        }
        int rc = updateIp();
        if (rc < 0) {
            return rc;
        }
        // The (async) branch event comes first; events bound to the TIP follow.
        if (!bound) {
            return decodeTipEvent();
        }
        PtEvent ev = evq.dequeue(EventBinding.TIP);
        if (ev == null) {
            return 1;
        }
        event = ev;
        switch (ev.type()) {
            case ASYNC_BRANCH:
                return -PtError.INTERNAL.code();
            case EXEC_MODE:
            case ASYNC_PAGING:
            case ASYNC_VMCS:
            case IFLAGS:
                eventIp(ev, ip);
                break;
            case TICK: // IGNORE
                event = null;
                return decodeTip();
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        eventTime(ev);
        return 0;
    }

    private int decodeTipEvent() {
        bound = true;
        PtEvent async = evq.find(EventBinding.TIP, EventType.ASYNC_BRANCH);
        if (async != null) {
            PtEvent ev = evq.dequeue(EventBinding.TIP);
            if (ev == null) {
                return -PtError.INTERNAL.code();
            }
            // The async branch goes first: swap it with the head event.
            if (ev != async) {
                swap.copyFrom(async);
                async.copyFrom(ev);
                ev.copyFrom(swap);
            }
            if (ev.type() != EventType.ASYNC_BRANCH) {
                return -PtError.INTERNAL.code();
            }
            event = ev;
            eventIp(ev, ip);
            eventTime(ev);
            return 0;
        }
        PtEvent ev = evq.standalone().type(EventType.TIP);
        event = ev;
        eventIp(ev, ip);
        eventTime(ev);
        return 0;
    }

    private int decodeTipPge() {
        int rc = updateIp();
        if (rc < 0) {
            return rc;
        }
        // The enable event goes first; events bound to the TIP.PGE follow.
        if (!bound) {
            PtEvent ev = evq.standalone().type(EventType.ENABLED);
            event = ev;
            eventIp(ev, ip);
            enabled = true;
            bound = true;
            eventTime(ev);
            return 0;
        }
        PtEvent ev = evq.dequeue(EventBinding.TIP);
        if (ev == null) {
            return 1;
        }
        event = ev;
        switch (ev.type()) {
            case EXEC_MODE:
            case IFLAGS:
                eventIp(ev, ip);
                break;
            case TICK: // IGNORE
                event = null;
                return decodeTipPge();
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        eventTime(ev);
        return 0;
    }

    private int decodeTipPgd() {
        int rc = updateIp();
        if (rc < 0) {
            return rc;
        }
        PtEvent ev = evq.dequeue(EventBinding.TIP);
        if (ev == null) {
            if (bound) {
                return 1;
            }
            ev = evq.standalone().type(EventType.DISABLED);
            event = ev;
            eventIp(ev, ip);
            eventTime(ev);
            enabled = false;
            return fetchPacket();
        }
        event = ev;
        switch (ev.type()) {
            case ASYNC_BRANCH:
                // An async branch that disables tracing is an async disable.
                ev.type(EventType.ASYNC_DISABLED).at(ev.from());
                eventIp(ev, ip);
                enabled = false;
                bound = true;
                break;
            case ASYNC_PAGING:
            case ASYNC_VMCS:
                // Those follow the async disable created above.
                if (!bound) {
                    return -PtError.INTERNAL.code();
                }
                ev.ipSuppressed(true);
                break;
            case EXEC_MODE:
                // Tracing is disabled when those apply; the TIP.PGD IP is never reached.
                ev.ipSuppressed(true);
                break;
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        eventTime(ev);
        return 0;
    }

    private int decodeTnt() {
        if (!enabled) {
            return -PtError.BAD_CONTEXT.code();
        }
        PtEvent ev = evq.standalone().type(EventType.TNT).bits(packet.tntPayload())
                .size(packet.tntBitSize());
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }

    // ------------------------------------------------------------------ overflow

    private int decodeOvf() {
        // An OVF ends PSB+ like PSBEND: publish pending PSB+ events first.
        int rc = decodePsbend();
        if (rc <= 0) {
            return rc;
        }
        rc = flushPowerSession();
        if (rc <= 0) {
            return rc;
        }
        // Reset the state but keep the time, and the calibration if so configured.
        savedTime.copyFrom(time);
        reset();
        time.copyTimeFrom(savedTime);
        if (keepTcalOnOvf) {
            time.copyFrom(savedTime);
            rc = time.ovf();
            if (rc < 0) {
                return rc;
            }
        }
        return recovery.decodeOvf();
    }

    // ------------------------------------------------------------------ event tracing

    private int decodeCfe() {
        // An EVD may have queued the event this CFE completes.
        PtEvent ev = evq.dequeue(EventBinding.CFE);
        int type = packet.cfeType();
        boolean withIp = packet.cfeIp();
        switch (type) {
            case CfeType.INTR:
                if (ev == null) {
                    ev = evq.standalone().type(EventType.INTERRUPT);
                }
                if (ev.type() != EventType.INTERRUPT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                ev.vector(packet.cfeVector());
                return cfeRequeueOrPublish(ev, withIp, true);
            case CfeType.VMEXIT:
            case CfeType.VMEXIT_INTR:
                if (ev == null) {
                    ev = evq.standalone().type(EventType.VMEXIT);
                }
                if (ev.type() != EventType.VMEXIT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                if (type == CfeType.VMEXIT_INTR) {
                    ev.hasVector(true).vector(packet.cfeVector());
                }
                return cfeRequeueOrPublish(ev, withIp, true);
            case CfeType.IRET:
                return cfeNew(ev, EventType.IRET, withIp, false, false, 0);
            case CfeType.SMI:
                return cfeNew(ev, EventType.SMI, withIp, true, false, 0);
            case CfeType.RSM:
                return cfeNew(ev, EventType.RSM, withIp, true, true, 0);
            case CfeType.SIPI:
                return cfeNew(ev, EventType.SIPI, withIp, true, true, packet.cfeVector());
            case CfeType.INIT:
                return cfeNew(ev, EventType.INIT, withIp, true, false, 0);
            case CfeType.VMENTRY:
                return cfeNew(ev, EventType.VMENTRY, withIp, false, false, 0);
            case CfeType.SHUTDOWN:
                return cfeNew(ev, EventType.SHUTDOWN, withIp, false, false, 0);
            case CfeType.UINTR:
                return cfeNew(ev, EventType.UINTR, withIp, true, false, packet.cfeVector());
            case CfeType.UIRET:
                return cfeNew(ev, EventType.UIRET, withIp, false, false, 0);
            case CfeType.SWINTR:
                // Like a user interrupt: bound to the FUP of the async branch while enabled.
                return cfeNew(ev, EventType.SWINTR, withIp, true, false, packet.cfeVector());
            default:
                break;
        }
        // EVD only queues events for known CFE types.
        if (ev != null) {
            return -PtError.INTERNAL.code();
        }
        // Unknown CFE types are not essential; ignore them, and the FUP they would consume.
        if (withIp) {
            PtEvent ignore = evq.enqueue(EventBinding.FUP_BOUND);
            if (ignore == null) {
                return -PtError.NOMEM.code();
            }
            ignore.type(IGNORE);
        }
        return 1;
    }

    /** INTR/VMEXIT: bind to the FUP with IP, to the async FUP while enabled, else standalone. */
    private int cfeRequeueOrPublish(PtEvent ev, boolean withIp, boolean asyncWhenEnabled) {
        if (withIp) {
            return evq.requeue(ev, EventBinding.FUP_BOUND) == null ? -PtError.NOMEM.code() : 1;
        }
        if (asyncWhenEnabled && enabled) {
            return evq.requeue(ev, EventBinding.FUP) == null ? -PtError.NOMEM.code() : 1;
        }
        eventTime(ev);
        ev.ipSuppressed(true);
        event = ev;
        return fetchPacket();
    }

    /**
     * CFE types that do not follow an EVD: with IP bound to the next FUP; without IP bound to the
     * async FUP while enabled (if {@code asyncWhenEnabled}); else standalone without IP. RSM and
     * SIPI never carry an IP ({@code noIp}).
     */
    private int cfeNew(PtEvent pending, EventType type, boolean withIp, boolean asyncWhenEnabled,
            boolean noIp, int vector) {
        if (pending != null) {
            return -PtError.BAD_CONTEXT.code();
        }
        if (withIp) {
            if (noIp) {
                return -PtError.BAD_PACKET.code();
            }
            PtEvent ev = evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(type);
            if (type == EventType.UINTR || type == EventType.SWINTR) {
                ev.vector(vector);
            }
            return 1;
        }
        if (asyncWhenEnabled && enabled) {
            PtEvent ev = evq.enqueue(EventBinding.FUP);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(type);
            if (noIp) {
                ev.ipSuppressed(true);
            }
            if (type == EventType.SIPI || type == EventType.UINTR || type == EventType.SWINTR) {
                ev.vector(vector);
            }
            return 1;
        }
        PtEvent ev = evq.standalone().type(type);
        if (type == EventType.SIPI || type == EventType.UINTR || type == EventType.SWINTR) {
            ev.vector(vector);
        }
        return standaloneNoIp(ev);
    }

    private int decodeEvd() {
        PtEvent ev = evq.peek(EventBinding.CFE);
        switch (packet.evdType()) {
            case 0: // cr2
                if (ev != null) {
                    return -PtError.BAD_CONTEXT.code();
                }
                ev = evq.enqueue(EventBinding.CFE);
                if (ev == null) {
                    return -PtError.NOMEM.code();
                }
                ev.type(EventType.INTERRUPT).hasCr2(true).cr2(packet.evdPayload());
                return 1;
            case 1: // vmxq
            case 2: { // vmxr
                if (ev == null) {
                    ev = evq.enqueue(EventBinding.CFE);
                    if (ev == null) {
                        return -PtError.NOMEM.code();
                    }
                    ev.type(EventType.VMEXIT);
                }
                if (ev.type() != EventType.VMEXIT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                if (packet.evdType() == 1) {
                    if (ev.hasVmxq()) {
                        return -PtError.BAD_CONTEXT.code();
                    }
                    ev.hasVmxq(true).vmxq(packet.evdPayload());
                } else {
                    if (ev.hasVmxr()) {
                        return -PtError.BAD_CONTEXT.code();
                    }
                    ev.hasVmxr(true).vmxr(packet.evdPayload());
                }
                return 1;
            }
            default:
                // Unknown EVD types add information that decoding does not need.
                return 1;
        }
    }

    private int decodeTrig() {
        if (packet.trigIp()) {
            // TRIG.IP anchors at the next FUP; without a valid ICNT that FUP would be pointless,
            // and a non-zero ICNT contradicts the precise FUP IP.
            if (!packet.trigIcntv() || packet.trigIcnt() != 0) {
                return -PtError.BAD_PACKET.code();
            }
            PtEvent ev = evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.TRIG).trbv(packet.trigTrbv()).mult(packet.trigMult());
            return 1;
        }
        PtEvent ev = evq.standalone().type(EventType.TRIG).trbv(packet.trigTrbv()).mult(packet.trigMult());
        if (packet.trigIcntv()) {
            // A non-zero ICNT needs tracing enabled; when disabled the precise IP is given.
            if (packet.trigIcnt() != 0 && !enabled) {
                return -PtError.BAD_PACKET.code();
            }
            ev.icnt(packet.trigIcnt()).ipSuppressed(false);
        } else {
            ev.icnt(0).ipSuppressed(true);
        }
        event = ev;
        eventTime(ev);
        return fetchPacket();
    }
}
