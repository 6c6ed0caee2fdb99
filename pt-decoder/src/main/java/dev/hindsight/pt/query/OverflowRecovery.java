package dev.hindsight.pt.query;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.query.internal.EventBinding;
import dev.hindsight.pt.query.internal.EventTime;
import dev.hindsight.pt.query.internal.PacketCursor;

/**
 * The look-ahead parts of the event decoder: where tracing resumes after an OVF (libipt
 * {@code pt_evt_decode_ovf} and {@code pt_evt_find_ovf_fup}) and the erratum checks that scan
 * ahead: BDM70 (FUP in PSB+ before TIP.PGE), SKD010 (FUP dropped after OVF), APL11 (TIP.PGD
 * after OVF) and APL12 (unexpected FUP after OVF).
 *
 * <p>Scans work on copies of the decoder's packet position and timing and move the decoder only
 * when they recover. Return values follow the decoder's convention: 0 an event was created,
 * {@code > 0} not handled (continue normally), {@code < 0} an error.
 */
final class OverflowRecovery {
    private final EventDecoder d;
    private final boolean skd010;
    private final boolean apl11;
    private final boolean apl12;
    private final PacketCursor scan;
    private final PacketCursor headerScan;
    private final Packet scanPacket = new Packet();
    private final Packet fup = new Packet();
    private final EventTime scanTime;

    OverflowRecovery(EventDecoder decoder, QueryConfig config) {
        this.d = decoder;
        this.skd010 = config.skd010();
        this.apl11 = config.apl11();
        this.apl12 = config.apl12();
        this.scan = new PacketCursor(decoder.pacdec);
        this.headerScan = new PacketCursor(decoder.pacdec);
        this.scanTime = new EventTime(config.timeConfig());
    }

    /**
     * BDM70: whether a TIP.PGE follows the current PSB+ with only status or timing packets in
     * between, i.e. the PSB+ FUP belongs to that TIP.PGE and tracing is disabled.
     *
     * @return 1 if the erratum applies, 0 if not, or an error
     */
    int checkBdm70() {
        scan.copyFrom(d.pacdec);
        Packet p = scanPacket;
        for (;;) {
            int rc = scan.next(p);
            if (rc < 0) {
                return rc == -PtError.EOS.code() ? 0 : rc;
            }
            switch (p.type()) {
                case TIP_PGE:
                    return 1;
                case PAD:
                case TSC:
                case CBR:
                case PSBEND:
                case PIP:
                case MODE_EXEC:
                case MODE_TSX:
                case VMCS:
                case TMA:
                case MTC:
                case CYC:
                case MNT:
                    break;
                default:
                    // Any other packet, including ones added later, ends the search.
                    return 0;
            }
        }
    }

    /**
     * Searches the PSB+ that {@code from} is in (or at) for a FUP: libipt
     * {@code pt_evt_find_header_fup}.
     *
     * @return 1 with the FUP in {@code out}, 0 if the PSB+ has none, or an error
     */
    private int findHeaderFup(Packet out, PacketCursor from) {
        headerScan.copyFrom(from);
        for (;;) {
            int rc = headerScan.next(out);
            if (rc < 0) {
                return rc;
            }
            switch (out.type()) {
                case FUP:
                    return 1;
                case MODE_EXEC:
                case MODE_TSX:
                case PIP:
                case VMCS:
                case MNT:
                case TSC:
                case CBR:
                case TMA:
                case MTC:
                case CYC:
                case PAD:
                case INVALID:
                    break;
                case PSBEND:
                case OVF:
                    return 0;
                default:
                    return -PtError.BAD_CONTEXT.code();
            }
        }
    }

    /**
     * Decodes the OVF (the decoder state has been reset): binds an overflow event to the FUP
     * where tracing resumes, or publishes a standalone one if the overflow resolved while tracing
     * was disabled, applying the SKD010, APL11 and APL12 workarounds.
     */
    int decodeOvf() {
        // OVF binds to a FUP (resolved with PacketEn=1, only timing packets in between) or to a
        // TIP.PGE (resolved with PacketEn=0). Any non-timing packet other than FUP means the
        // latter, and the overflow event is standalone.
        int offset = findOvfFup();
        if (offset <= 0) {
            if (skd010) {
                // SKD010: the FUP may have been dropped; resume later if tracing is enabled.
                int rc = handleSkd010();
                if (rc <= 0) {
                    return rc;
                }
            }
            if (apl11 && offset == -PtError.BAD_CONTEXT.code()) {
                // APL11: a TIP.PGD may follow the OVF; the FUP search reported it.
                int rc = handleApl11();
                if (rc <= 0) {
                    return rc;
                }
            }
            // An overflow at the end of the trace is standalone.
            if (offset < 0 && offset != -PtError.EOS.code()) {
                return offset;
            }
            PtEvent ev = d.evq.standalone().type(EventType.OVERFLOW).ipSuppressed(true);
            d.event = ev;
            d.eventTime(ev);
            return d.fetchPacket();
        }
        if (apl12) {
            // APL12: the FUP may come although tracing is disabled.
            int rc = handleApl12(offset);
            if (rc <= 0) {
                return rc;
            }
        }
        PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
        if (ev == null) {
            return -PtError.NOMEM.code();
        }
        ev.type(EventType.OVERFLOW);
        d.eventTime(ev);
        return 1;
    }

    /**
     * Looks for the FUP after an OVF: libipt {@code pt_evt_find_ovf_fup}.
     *
     * @return the distance from the decoder position to just after the FUP ({@code > 0}), 0 if a
     *     packet shows tracing is disabled, {@code -BAD_CONTEXT} for a packet that needs tracing
     *     enabled, or another error
     */
    private int findOvfFup() {
        scan.copyFrom(d.pacdec);
        Packet p = scanPacket;
        int offset = 0;
        for (;;) {
            int rc = scan.next(p);
            if (rc < 0) {
                return rc;
            }
            offset += rc;
            if (offset < 0) {
                return -PtError.OVERFLOW.code();
            }
            switch (p.type()) {
                case FUP:
                    return offset;
                case UNKNOWN:
                case PAD:
                case MNT:
                case CBR:
                case TSC:
                case TMA:
                case MTC:
                case CYC:
                case INVALID:
                    break;
                case PSB:
                case TIP_PGE:
                case MODE_EXEC:
                case MODE_TSX:
                case PIP:
                case VMCS:
                case STOP:
                case OVF:
                case EXSTOP:
                case MWAIT:
                case PWRE:
                case PWRX:
                case PTW:
                case CFE:
                case EVD:
                case TRIG:
                    return 0;
                case PSBEND:
                case TIP:
                case TIP_PGD:
                case TNT_8:
                case TNT_64:
                default:
                    return -PtError.BAD_CONTEXT.code();
            }
        }
    }

    /**
     * Resumes after the overflow at the IP of {@code ipPacket}, continuing with {@code packet}
     * at {@code at}: libipt {@code pt_evt_recover_ovf_at_ip}. The overflow event keeps the time
     * of the OVF.
     */
    private int recoverAtIp(PacketCursor at, Packet packet, Packet ipPacket, EventTime timeThere) {
        int rc = d.ip.update(ipPacket.ipc(), ipPacket.ip());
        if (rc < 0) {
            return rc;
        }
        PtEvent ev = d.evq.standalone().type(EventType.OVERFLOW);
        d.event = ev;
        d.eventTime(ev);
        d.pacdec.copyFrom(at);
        d.packet.copyFrom(packet);
        d.time.copyFrom(timeThere);
        d.enabled = true;
        EventDecoder.eventIp(ev, d.ip);
        return 0;
    }

    /**
     * Resumes after the overflow with tracing disabled, continuing with {@code packet} at
     * {@code at}: libipt {@code pt_evt_recover_ovf_disabled}.
     */
    private int recoverDisabled(PacketCursor at, Packet packet, EventTime timeThere) {
        PtEvent ev = d.evq.standalone().type(EventType.OVERFLOW).ipSuppressed(true);
        d.event = ev;
        d.eventTime(ev);
        d.pacdec.copyFrom(at);
        d.packet.copyFrom(packet);
        d.time.copyFrom(timeThere);
        return 0;
    }

    /**
     * Skips to just after the FUP {@code offset} bytes ahead, tracking time, and publishes a
     * standalone overflow: libipt {@code pt_evt_recover_ovf_at_offset}.
     */
    private int recoverAtOffset(long offset) {
        Packet p = d.packet;
        for (;;) {
            int rc = d.pacdec.next(p);
            if (rc < 0) {
                return rc;
            }
            if (offset <= rc) {
                if (offset < rc) {
                    return -PtError.INTERNAL.code();
                }
                break;
            }
            offset -= rc;
            switch (p.type()) {
                case TSC:
                    rc = d.time.tsc(p);
                    break;
                case CBR:
                    rc = d.time.cbr(p);
                    break;
                case TMA:
                    rc = d.time.tma(p);
                    break;
                case MTC:
                    rc = d.time.mtc(p);
                    break;
                case CYC:
                    rc = d.time.cyc(p);
                    break;
                case MODE_EXEC:
                case MODE_TSX:
                case PIP:
                case VMCS:
                case INVALID:
                case UNKNOWN:
                    // State-relevant or undecodable packets cannot be on this path.
                    return -PtError.INTERNAL.code();
                default:
                    rc = 0;
                    break;
            }
            if (rc < 0) {
                return rc;
            }
        }
        PtEvent ev = d.evq.standalone().type(EventType.OVERFLOW).ipSuppressed(true);
        d.event = ev;
        d.eventTime(ev);
        return d.fetchPacket();
    }

    private int applyTiming(EventTime t, Packet p) {
        switch (p.type()) {
            case TSC:
                return t.tsc(p);
            case CBR:
                return t.cbr(p);
            case TMA:
                return t.tma(p);
            case MTC:
                return t.mtc(p);
            case CYC:
                return t.cyc(p);
            default:
                return 0;
        }
    }

    /**
     * SKD010: after an OVF without FUP, look for signs that tracing is in fact enabled and
     * resume there; libipt {@code pt_evt_handle_skd010}.
     *
     * @return 0 if recovered (an overflow event was created), {@code > 0} if the erratum does
     *     not apply or cannot be handled, or an error
     */
    private int handleSkd010() {
        scan.copyFrom(d.pacdec);
        scanTime.copyFrom(d.time);
        boolean tsxFound = false;
        boolean tsxIntx = false;
        boolean tsxAbrt = false;
        Packet p = scanPacket;
        for (;;) {
            int rc = scan.next(p);
            if (rc < 0) {
                // Running out of packets: assume the trace is correct.
                return rc == -PtError.EOS.code() ? 1 : rc;
            }
            switch (p.type()) {
                case TIP_PGE:
                    return 1;
                case TIP_PGD:
                    // Tracing was enabled: the erratum applies. Resume after the disable.
                    rc = recoverDisabled(scan, p, scanTime);
                    if (rc < 0) {
                        return rc;
                    }
                    return d.fetchPacket();
                case TNT_8:
                case TNT_64:
                    // The erratum applies, but we cannot know how many TNT bits were used by
                    // the time we would find an IP to resume at.
                    return 1;
                case PIP:
                case VMCS:
                case MODE_EXEC:
                    // Changes lost in the overflow anyway; ignore these too.
                    break;
                case MODE_TSX:
                    // A second MODE.TSX means tracing is disabled. The first may bind to a FUP
                    // we can resume at.
                    if (tsxFound) {
                        return 1;
                    }
                    tsxFound = true;
                    tsxIntx = p.tsxIntx();
                    tsxAbrt = p.tsxAbrt();
                    break;
                case FUP: {
                    // Tracing is enabled: resume at this FUP, processing it next.
                    if (tsxFound) {
                        PtEvent ev = d.evq.enqueue(EventBinding.FUP_BOUND);
                        if (ev == null) {
                            return -PtError.NOMEM.code();
                        }
                        ev.type(EventType.TSX).speculative(tsxIntx).aborted(tsxAbrt);
                    }
                    return recoverAtIp(scan, p, p, scanTime);
                }
                case TIP:
                    // Resume at the TIP's IP and continue after it.
                    rc = recoverAtIp(scan, p, p, scanTime);
                    if (rc < 0) {
                        return rc;
                    }
                    return d.fetchPacket();
                case PSB: {
                    // Tracing is enabled if and only if the PSB+ has a FUP.
                    rc = findHeaderFup(fup, scan);
                    if (rc < 0) {
                        return rc == -PtError.EOS.code() ? 1 : rc;
                    }
                    if (rc == 0) {
                        return 1;
                    }
                    if (fup.type() != dev.hindsight.pt.packet.PacketType.FUP) {
                        return -PtError.INTERNAL.code();
                    }
                    return recoverAtIp(scan, p, fup, scanTime);
                }
                case PSBEND:
                    return -PtError.BAD_CONTEXT.code();
                case OVF:
                case STOP:
                    return 1;
                case PAD:
                case MNT:
                case PWRE:
                case PWRX:
                case EVD:
                case TRIG:
                    break;
                case EXSTOP:
                    if (!p.exstopIp()) {
                        break;
                    }
                    return 1;
                case MWAIT:
                    return 1;
                case PTW:
                    if (!p.ptwIp()) {
                        break;
                    }
                    return 1;
                case CFE:
                    if (!p.cfeIp()) {
                        break;
                    }
                    return 1;
                case TSC:
                case CBR:
                case TMA:
                case MTC:
                case CYC:
                    rc = applyTiming(scanTime, p);
                    if (rc < 0) {
                        return rc;
                    }
                    break;
                case UNKNOWN:
                case INVALID:
                default:
                    return 1;
            }
        }
    }

    /**
     * APL11: after an OVF, a TIP.PGD may follow; resume after it with tracing disabled. libipt
     * {@code pt_evt_handle_apl11}.
     *
     * @return 0 if recovered, {@code > 0} if the erratum does not apply, or an error
     */
    private int handleApl11() {
        scan.copyFrom(d.pacdec);
        scanTime.copyFrom(d.time);
        Packet p = scanPacket;
        for (;;) {
            int rc = scan.next(p);
            if (rc < 0) {
                return rc;
            }
            switch (p.type()) {
                case TIP_PGD:
                    recoverDisabled(scan, p, scanTime);
                    return d.fetchPacket();
                case FUP:
                case PSB:
                case TIP_PGE:
                case STOP:
                case OVF:
                case MODE_EXEC:
                case MODE_TSX:
                case PIP:
                case VMCS:
                case EXSTOP:
                case MWAIT:
                case PWRE:
                case PWRX:
                case PTW:
                    return 1;
                case PSBEND:
                case TIP:
                case TNT_8:
                case TNT_64:
                    // Left to normal decode to diagnose.
                    return 1;
                case TSC:
                case CBR:
                case TMA:
                case MTC:
                case CYC:
                    rc = applyTiming(scanTime, p);
                    if (rc < 0) {
                        return rc;
                    }
                    break;
                case PAD:
                case MNT:
                case CFE:
                case EVD:
                case TRIG:
                    break;
                case UNKNOWN:
                case INVALID:
                default:
                    return 1;
            }
        }
    }

    /**
     * APL12: a FUP after an OVF normally means the overflow resolved with tracing enabled; look
     * past it for signs that tracing is disabled and, if found, resume after the FUP with tracing
     * disabled. libipt {@code pt_evt_handle_apl12}.
     *
     * @param offset the distance to just after the FUP
     * @return 0 if recovered, {@code > 0} if the erratum does not apply, or an error
     */
    private int handleApl12(int offset) {
        scan.copyFrom(d.pacdec);
        int rc = scan.skip(offset);
        if (rc < 0) {
            return rc;
        }
        Packet p = scanPacket;
        for (;;) {
            rc = scan.next(p);
            if (rc < 0) {
                return rc == -PtError.EOS.code() ? 1 : rc;
            }
            switch (p.type()) {
                case TNT_8:
                case TNT_64:
                case TIP:
                case TIP_PGD:
                    // Only generated with tracing enabled.
                    return 1;
                case PSB:
                    // Tracing is enabled if and only if the PSB+ has a FUP.
                    rc = findHeaderFup(p, scan);
                    if (rc != 0) {
                        return rc == -PtError.EOS.code() ? 1 : rc;
                    }
                    return recoverAtOffset(offset);
                case STOP:
                case TIP_PGE:
                    // Tracing must have been disabled.
                    return recoverAtOffset(offset);
                case PSBEND:
                case OVF:
                    return 1;
                case PAD:
                case FUP:
                case TSC:
                case CBR:
                case TMA:
                case MTC:
                case CYC:
                case EXSTOP:
                case MWAIT:
                case PWRE:
                case PWRX:
                case PTW:
                case MNT:
                case PIP:
                case VMCS:
                case MODE_EXEC:
                case MODE_TSX:
                case CFE:
                case EVD:
                case TRIG:
                    break;
                case UNKNOWN:
                case INVALID:
                default:
                    return 1;
            }
        }
    }
}
