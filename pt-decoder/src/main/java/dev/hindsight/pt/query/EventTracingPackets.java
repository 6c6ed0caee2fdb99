package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.CfeType;
import dev.hindsight.pt.query.internal.EventBinding;

/**
 * The event decoder's handling of Event Tracing and trigger packets: CFE, EVD and TRIG (libipt
 * {@code pt_evt_decode_cfe}, {@code pt_evt_decode_evd}, {@code pt_evt_decode_trig}).
 *
 * <p>An EVD queues the event its CFE completes; a CFE binds to the next FUP when it has an IP,
 * to the FUP of the asynchronous branch while tracing is enabled, and is standalone otherwise.
 * Methods return as the decoder's packet functions do (0 event, {@code > 0} next packet,
 * {@code < 0} error).
 */
final class EventTracingPackets {
    private final EventDecoder d;

    EventTracingPackets(EventDecoder decoder) {
        this.d = decoder;
    }


    int decodeCfe() {
        // An EVD may have queued the event this CFE completes.
        PtEvent ev = d.evq.dequeue(EventBinding.CFE);
        int type = d.packet.cfeType();
        boolean withIp = d.packet.cfeIp();
        switch (type) {
            case CfeType.INTR:
                if (ev == null) {
                    ev = d.evq.standalone().type(EventType.INTERRUPT);
                }
                if (ev.type() != EventType.INTERRUPT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                ev.vector(d.packet.cfeVector());
                return cfeRequeueOrPublish(ev, withIp, true);
            case CfeType.VMEXIT:
            case CfeType.VMEXIT_INTR:
                if (ev == null) {
                    ev = d.evq.standalone().type(EventType.VMEXIT);
                }
                if (ev.type() != EventType.VMEXIT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                if (type == CfeType.VMEXIT_INTR) {
                    ev.hasVector(true).vector(d.packet.cfeVector());
                }
                return cfeRequeueOrPublish(ev, withIp, true);
            case CfeType.IRET:
                return cfeNew(ev, EventType.IRET, withIp, false, false, 0);
            case CfeType.SMI:
                return cfeNew(ev, EventType.SMI, withIp, true, false, 0);
            case CfeType.RSM:
                return cfeNew(ev, EventType.RSM, withIp, true, true, 0);
            case CfeType.SIPI:
                return cfeNew(ev, EventType.SIPI, withIp, true, true, d.packet.cfeVector());
            case CfeType.INIT:
                return cfeNew(ev, EventType.INIT, withIp, true, false, 0);
            case CfeType.VMENTRY:
                return cfeNew(ev, EventType.VMENTRY, withIp, false, false, 0);
            case CfeType.SHUTDOWN:
                return cfeNew(ev, EventType.SHUTDOWN, withIp, false, false, 0);
            case CfeType.UINTR:
                return cfeNew(ev, EventType.UINTR, withIp, true, false, d.packet.cfeVector());
            case CfeType.UIRET:
                return cfeNew(ev, EventType.UIRET, withIp, false, false, 0);
            case CfeType.SWINTR:
                // Like a user interrupt: bound to the FUP of the async branch while enabled.
                return cfeNew(ev, EventType.SWINTR, withIp, true, false, d.packet.cfeVector());
            default:
                break;
        }
        // EVD only queues events for known CFE types.
        if (ev != null) {
            return -PtError.INTERNAL.code();
        }
        // Unknown CFE types are not essential; ignore them, and the FUP they would consume.
        if (withIp) {
            PtEvent ignore = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ignore == null) {
                return -PtError.NOMEM.code();
            }
            ignore.type(EventDecoder.IGNORE);
        }
        return 1;
    }

    /** INTR/VMEXIT: bind to the FUP with IP, to the async FUP while enabled, else standalone. */
    private int cfeRequeueOrPublish(PtEvent ev, boolean withIp, boolean asyncWhenEnabled) {
        if (withIp) {
            return d.evq.requeue(ev, EventBinding.FUP_BOUND) == null ? -PtError.NOMEM.code() : 1;
        }
        if (asyncWhenEnabled && d.enabled) {
            return d.evq.requeue(ev, EventBinding.FUP) == null ? -PtError.NOMEM.code() : 1;
        }
        d.eventTime(ev);
        ev.ipSuppressed(true);
        d.event = ev;
        return d.fetchPacket();
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
            PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(type);
            if (type == EventType.UINTR || type == EventType.SWINTR) {
                ev.vector(vector);
            }
            return 1;
        }
        if (asyncWhenEnabled && d.enabled) {
            PtEvent ev = d.evq.enqueue(EventBinding.FUP);
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
        PtEvent ev = d.evq.standalone().type(type);
        if (type == EventType.SIPI || type == EventType.UINTR || type == EventType.SWINTR) {
            ev.vector(vector);
        }
        return d.standaloneNoIp(ev);
    }

    int decodeEvd() {
        PtEvent ev = d.evq.peek(EventBinding.CFE);
        switch (d.packet.evdType()) {
            case 0: // cr2
                if (ev != null) {
                    return -PtError.BAD_CONTEXT.code();
                }
                ev = d.evq.enqueue(EventBinding.CFE);
                if (ev == null) {
                    return -PtError.NOMEM.code();
                }
                ev.type(EventType.INTERRUPT).hasCr2(true).cr2(d.packet.evdPayload());
                return 1;
            case 1: // vmxq
            case 2: { // vmxr
                if (ev == null) {
                    ev = d.evq.enqueue(EventBinding.CFE);
                    if (ev == null) {
                        return -PtError.NOMEM.code();
                    }
                    ev.type(EventType.VMEXIT);
                }
                if (ev.type() != EventType.VMEXIT) {
                    return -PtError.BAD_CONTEXT.code();
                }
                if (d.packet.evdType() == 1) {
                    if (ev.hasVmxq()) {
                        return -PtError.BAD_CONTEXT.code();
                    }
                    ev.hasVmxq(true).vmxq(d.packet.evdPayload());
                } else {
                    if (ev.hasVmxr()) {
                        return -PtError.BAD_CONTEXT.code();
                    }
                    ev.hasVmxr(true).vmxr(d.packet.evdPayload());
                }
                return 1;
            }
            default:
                // Unknown EVD types add information that decoding does not need.
                return 1;
        }
    }

    int decodeTrig() {
        if (d.packet.trigIp()) {
            // TRIG.IP anchors at the next FUP; without a valid ICNT that FUP would be pointless,
            // and a non-zero ICNT contradicts the precise FUP IP.
            if (!d.packet.trigIcntv() || d.packet.trigIcnt() != 0) {
                return -PtError.BAD_PACKET.code();
            }
            PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.TRIG).trbv(d.packet.trigTrbv()).mult(d.packet.trigMult());
            return 1;
        }
        PtEvent ev = d.evq.standalone().type(EventType.TRIG).trbv(d.packet.trigTrbv()).mult(d.packet.trigMult());
        if (d.packet.trigIcntv()) {
            // A non-zero ICNT needs tracing enabled; when disabled the precise IP is given.
            if (d.packet.trigIcnt() != 0 && !d.enabled) {
                return -PtError.BAD_PACKET.code();
            }
            ev.icnt(d.packet.trigIcnt()).ipSuppressed(false);
        } else {
            ev.icnt(0).ipSuppressed(true);
        }
        d.event = ev;
        d.eventTime(ev);
        return d.fetchPacket();
    }
}
