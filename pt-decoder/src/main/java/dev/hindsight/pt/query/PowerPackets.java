package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.query.internal.EventBinding;
import dev.hindsight.pt.query.internal.EventQueue;

/**
 * The event decoder's handling of power and PTWRITE packets: MWAIT, PWRE, EXSTOP, PWRX and PTW
 * (libipt {@code pt_evt_decode_mwait} and friends), plus the power-session events an OVF
 * publishes.
 *
 * <p>MWAIT waits for its EXSTOP; an EXSTOP with IP binds both to the next FUP. A PWRE waits for
 * its PWRX, so that a session reads mwait, exstop, pwre, pwrx as in libipt 8978561f's ptxed.
 * Methods return as the decoder's packet functions do (0 event, {@code > 0} next packet,
 * {@code < 0} error).
 */
final class PowerPackets {
    private final EventDecoder d;

    PowerPackets(EventDecoder decoder) {
        this.d = decoder;
    }


    int decodeExstop() {
        PtEvent mwait = d.evq.dequeue(EventBinding.EXSTOP);
        if (mwait != null) {
            if (mwait.type() != EventType.MWAIT) {
                return -PtError.INTERNAL.code();
            }
            if (!d.packet.exstopIp()) {
                // Without IP, MWAIT and EXSTOP are both standalone: MWAIT now, EXSTOP next call.
                mwait.ip(0).ipSuppressed(true);
                d.event = mwait;
                d.eventTime(mwait);
                return 0;
            }
            // With IP, both bind to the FUP: MWAIT first.
            PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.copyFrom(mwait);
        }
        if (d.packet.exstopIp()) {
            PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.EXSTOP);
            return 1;
        }
        return d.standaloneNoIp(d.evq.standalone().type(EventType.EXSTOP));
    }

    int decodeMwait() {
        PtEvent ev = d.evq.enqueue(EventBinding.EXSTOP);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.type(EventType.MWAIT).hints(d.packet.mwaitHints()).ext(d.packet.mwaitExt());
        return 1;
    }

    int decodePwre() {
        // A power entry waits for the exit (PWRX) or an OVF, so that the MWAIT and EXSTOP of its
        // power session come first (libipt 8978561f: mwait, exstop, pwre, pwrx).
        PtEvent ev = d.evq.enqueue(EventBinding.PWRX);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.type(EventType.PWRE).state(d.packet.pwreState()).subState(d.packet.pwreSubState()).hw(d.packet.pwreHw());
        return 1;
    }

    int decodePwrx() {
        // Publish the power entries of this session first, one per call.
        PtEvent pending = d.evq.dequeue(EventBinding.PWRX);
        if (pending != null) {
            d.event = pending;
            d.eventTime(pending);
            return 0;
        }
        PtEvent ev = d.evq.standalone().type(EventType.PWRX).last(d.packet.pwrxLast())
                .deepest(d.packet.pwrxDeepest()).wakeInterrupt(d.packet.pwrxInterrupt())
                .wakeStore(d.packet.pwrxStore()).wakeAutonomous(d.packet.pwrxAutonomous());
        d.event = ev;
        d.eventTime(ev);
        return d.fetchPacket();
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
    int flushPowerSession() {
        PtEvent ev = d.evq.dequeue(POWER_SESSION);
        if (ev == null) {
            return 1;
        }
        if (ev.type() != EventType.PWRE) {
            ev.ip(0).ipSuppressed(true);
        }
        d.event = ev;
        d.eventTime(ev);
        return 0;
    }

    int decodePtw() {
        int size;
        switch (d.packet.ptwPlc()) {
            case 0:
                size = 4;
                break;
            case 1:
                size = 8;
                break;
            default:
                return -PtError.BAD_PACKET.code();
        }
        if (d.packet.ptwIp()) {
            PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.type(EventType.PTWRITE).size(size).payload(d.packet.ptwPayload());
            return 1;
        }
        return d.standaloneNoIp(d.evq.standalone().type(EventType.PTWRITE).size(size).payload(d.packet.ptwPayload()));
    }
}
