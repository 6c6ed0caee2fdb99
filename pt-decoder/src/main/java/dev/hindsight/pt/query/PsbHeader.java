package dev.hindsight.pt.query;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.IpCompression;
import dev.hindsight.pt.query.internal.EventBinding;

/**
 * The event decoder's handling of a PSB+ header (libipt {@code pt_evt_decode_psb},
 * {@code pt_evt_header_*} and {@code pt_evt_decode_psbend}).
 *
 * <p>Packets in PSB+ state the current status rather than changes, in no defined order. They are
 * collected as status-update events bound to PSBEND (or an OVF in its place), led by an enabled
 * or disabled event, and published there with the header's IP and time. A FUP in the header
 * means tracing is enabled (unless BDM70 applies); a MODE.Exec that contradicts the known mode
 * is a {@code -BAD_STATUS_UPDATE}.
 */
final class PsbHeader {
    private final EventDecoder d;

    PsbHeader(EventDecoder decoder) {
        this.d = decoder;
    }


    /**
     * Decodes a PSB+ header, collecting its packets as status-update events bound to PSBEND (or
     * an OVF in its place); libipt {@code pt_evt_decode_psb}. Leaves the PSBEND or OVF as the
     * current packet and returns 1.
     */
    int decodePsb() {
        // Partial events must not be carried across a PSB. A power entry is complete; it waits
        // for its PWRX only for ordering, and a long sleep may well span a PSB.
        if (d.evq.pending(EventBinding.ALL & ~EventBinding.PWRX)) {
            return -PtError.BAD_CONTEXT.code();
        }
        d.ip.init();
        d.enabled = false;

        // The enabled/disabled status comes first; it is completed at PSBEND.
        PtEvent ev = d.evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true);

        for (;;) {
            d.fetchPacket();
            int rc;
            switch (d.packet.type()) {
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
                    rc = d.time.headerTsc(d.packet);
                    break;
                case CBR:
                    rc = d.time.headerCbr(d.packet);
                    if (rc >= 0) {
                        rc = headerStatus(EventType.CBR, true);
                    }
                    break;
                case TMA:
                    rc = d.time.tma(d.packet);
                    break;
                case MTC:
                    rc = d.time.mtc(d.packet);
                    break;
                case CYC:
                    rc = d.time.cyc(d.packet);
                    break;
                case PSBEND:
                    if (d.enabled) {
                        ev.type(EventType.ENABLED);
                    } else {
                        ev.type(EventType.DISABLED).ipSuppressed(true);
                    }
                    return 1;
                case OVF:
                    // An OVF ends PSB+ like PSBEND. Without tracing enabled, drop the status
                    // event: the overflow event tells the story.
                    if (d.enabled) {
                        ev.type(EventType.ENABLED);
                    } else {
                        PtEvent head = d.evq.dequeue(EventBinding.PSBEND);
                        if (head != ev) {
                            return -PtError.INTERNAL.code();
                        }
                    }
                    return 1;
                case PAD:
                    rc = 0;
                    break;
                case INVALID:
                    rc = d.status;
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
        boolean on = d.packet.ipc() != IpCompression.CODE_SUPPRESSED;
        if (d.config.bdm70()) {
            // BDM70: PSB+ may carry the FUP of a following TIP.PGE although tracing is disabled.
            int rc = d.recovery.checkBdm70();
            if (rc < 0) {
                return rc;
            }
            if (rc > 0) {
                on = false;
            }
        }
        d.enabled = on;
        if (!on) {
            return 0;
        }
        return d.updateIp();
    }

    private int headerModeExec() {
        boolean pIflag = d.packet.execIflag();
        boolean pCsd = d.packet.execCsd();
        boolean pCsl = d.packet.execCsl();
        if (d.modeExecValid) {
            // The status update must agree with what we know; iflag only with event tracing,
            // as we would not get all of its updates otherwise.
            if (d.enableIflags && d.iflag != pIflag) {
                return -PtError.BAD_STATUS_UPDATE.code();
            }
            if (d.csd != pCsd || d.csl != pCsl) {
                return -PtError.BAD_STATUS_UPDATE.code();
            }
        } else {
            d.modeExecValid = true;
            d.iflag = pIflag;
            d.csd = pCsd;
            d.csl = pCsl;
        }
        PtEvent ev = d.evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true).type(EventType.EXEC_MODE).execMode(ExecMode.fromCsBits(pCsl, pCsd));
        if (d.enableIflags) {
            ev = d.evq.enqueue(EventBinding.PSBEND);
            if (ev == null) {
                return -PtError.NOMEM.code();
            }
            ev.statusUpdate(true).type(EventType.IFLAGS).iflag(pIflag);
        }
        return 0;
    }

    private int headerModeTsx() {
        PtEvent ev = d.evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(true).type(EventType.TSX).speculative(d.packet.tsxIntx()).aborted(d.packet.tsxAbrt());
        return 0;
    }

    /** Queues a PSB+ event for PIP, VMCS, MNT or CBR. MNT is not marked as status update. */
    private int headerStatus(EventType type, boolean statusUpdate) {
        PtEvent ev = d.evq.enqueue(EventBinding.PSBEND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.statusUpdate(statusUpdate).type(type);
        switch (type) {
            case ASYNC_PAGING:
                ev.cr3(d.packet.pipCr3()).nonRoot(d.packet.pipNr());
                break;
            case ASYNC_VMCS:
                ev.base(d.packet.vmcsBase());
                break;
            case MNT:
                ev.payload(d.packet.mntPayload());
                break;
            case CBR:
                ev.ratio(d.packet.cbrRatio());
                break;
            default:
                return -PtError.INTERNAL.code();
        }
        return 0;
    }

    /** Publishes the PSB+ events one per call at PSBEND: libipt {@code pt_evt_decode_psbend}. */
    int decodePsbend() {
        PtEvent ev = d.evq.dequeue(EventBinding.PSBEND);
        if (ev == null) {
            return 1;
        }
        d.event = ev;
        switch (ev.type()) {
            case ENABLED:
            case EXEC_MODE:
            case IFLAGS:
            case TSX:
            case ASYNC_PAGING:
            case ASYNC_VMCS:
                EventDecoder.eventIp(ev, d.ip);
                break;
            case DISABLED:
            case CBR:
            case MNT:
                break;
            default:
                return -PtError.BAD_CONTEXT.code();
        }
        d.eventTime(ev);
        return 0;
    }
}
