package dev.hindsight.pt.query;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.PtError;
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
 * <p>The reference is the output of libipt 8978561f, which is newer than the libipt sources this
 * was read from; where its ptxed output shows different event semantics, this decoder follows
 * the output: CFE.SWINTR gives {@link EventType#SWINTR}; a PWRE is reported at its PWRX (after
 * the MWAIT/EXSTOP of its power session); an OVF publishes pending power-session events instead
 * of dropping them.
 *
 * <p>Usage: {@link #syncForward()} (or {@link #syncSet(long)} / {@link #syncBackward()}), then
 * {@link #next(PtEvent)} until it returns {@code -PtError.EOS.code()}. After an error, sync
 * forward again to continue at the next PSB. Errata workarounds in this layer: BDM70, SKD010,
 * APL11, APL12 (see {@link QueryConfig}); SKD007 and SKZ84 are applied by the packet layer
 * through {@link QueryConfig#packetConfig()}; SKL168 only affects ptdump's calibration (libipt
 * master's event decoder does not note PSBs for it); BDM64, SKD022 and SKL014 need instructions
 * and belong to the flow decoders.
 *
 * <p>Not thread-safe. No allocation per packet or event.
 */
public final class EventDecoder {
    /** libipt aliases its internal "ignore" event (binds a packet, reports nothing) to tick. */
    static final EventType IGNORE = EventType.TICK;

    private static final int EVB_TIP_OR_FUP_BOUND = EventBinding.TIP | EventBinding.FUP_BOUND;

    final QueryConfig config;
    final boolean enableIflags;
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

    boolean modeExecValid;
    boolean iflag;
    boolean csd;
    boolean csl;
    /** Tracing is enabled. */
    boolean enabled;
    /** The current packet is bound to events and must not be taken as standalone. */
    boolean bound;

    final OverflowRecovery recovery;
    private final PsbHeader psb = new PsbHeader(this);
    private final PowerPackets power = new PowerPackets(this);
    private final EventTracingPackets tracing = new EventTracingPackets(this);

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
                int rc = psb.decodePsb();
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
        if (event == null) {
            int rc = nextCommon(out);
            if (rc != NOT_COMMON) {
                return rc;
            }
        }
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

    // nextCommon() left the packet to the general path.
    private static final int NOT_COMMON = 1;

    /*
     * The common packets, as decodeTnt(), decodeTip(), decodeTipPge() and decodeTipPgd() handle
     * them with no event queued, the event filled in place rather than copied: a TIP's or
     * TIP.PGE's event on its first visit, moving on at its second, a TIP.PGD's event, a TNT's.
     * Returns what next() returns, or NOT_COMMON (nothing changed since the last packet
     * moved on) for the general path.
     */
    private int nextCommon(PtEvent out) {
        for (;;) {
            PacketType type = packet.type();
            if (type == PacketType.TNT_8 || type == PacketType.TNT_64) {
                if (!enabled) {
                    return NOT_COMMON;
                }
                out.clear().type(EventType.TNT).bits(packet.tntPayload()).size(packet.tntBitSize());
                eventTime(out);
                return fetchPacket();
            }
            if (evq.size() != 0) {
                return NOT_COMMON;
            }
            if (type == PacketType.TIP) {
                if (!enabled) {
                    return NOT_COMMON;
                }
                int rc = updateIp();
                if (rc < 0) {
                    return rc;
                }
                if (!bound) {
                    bound = true;
                    out.clear().type(EventType.TIP);
                    eventIp(out, ip);
                    eventTime(out);
                    return 0;
                }
            } else if (type == PacketType.TIP_PGE) {
                int rc = updateIp();
                if (rc < 0) {
                    return rc;
                }
                if (!bound) {
                    out.clear().type(EventType.ENABLED);
                    eventIp(out, ip);
                    enabled = true;
                    bound = true;
                    eventTime(out);
                    return 0;
                }
            } else if (type == PacketType.TIP_PGD) {
                int rc = updateIp();
                if (rc < 0) {
                    return rc;
                }
                if (!bound) {
                    out.clear().type(EventType.DISABLED);
                    eventIp(out, ip);
                    eventTime(out);
                    enabled = false;
                    return fetchPacket();
                }
            } else {
                return NOT_COMMON;
            }
            // Seen again after its event, nothing else bound to it: done with it.
            bound = false;
            fetchPacket();
        }
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
        // Almost always a packet follows, after PADs or not: one pass for both.
        if (pacdec.nextAfterPads(packet) > 0) {
            return 0;
        }
        pacdec.skipPads();
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
                return power.decodePtw();
            case PSB: {
                int rc = psb.decodePsb();
                if (rc <= 0) {
                    return rc;
                }
                return decodePacket();
            }
            case PSBEND:
                return psb.decodePsbend();
            case TIP_PGE:
                return decodeTipPge();
            case TIP_PGD:
                return decodeTipPgd();
            case EXSTOP:
                return power.decodeExstop();
            case PWRE:
                return power.decodePwre();
            case PWRX:
                return power.decodePwrx();
            case MWAIT:
                return power.decodeMwait();
            case VMCS:
                return decodeVmcs();
            case OVF:
                return decodeOvf();
            case STOP:
                return standalone(EventType.STOP);
            case MNT:
                return decodeMnt();
            case CFE:
                return tracing.decodeCfe();
            case EVD:
                return tracing.decodeEvd();
            case TRIG:
                return tracing.decodeTrig();
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

    int updateIp() {
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
    int standaloneNoIp(PtEvent ev) {
        ev.ip(0).ipSuppressed(true);
        event = ev;
        eventTime(ev);
        return fetchPacket();
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
            ev.type(EventType.EXEC_MODE).execMode(ExecMode.fromCsBits(pCsl, pCsd));
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
        int rc = psb.decodePsbend();
        if (rc <= 0) {
            return rc;
        }
        rc = power.flushPowerSession();
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
}
