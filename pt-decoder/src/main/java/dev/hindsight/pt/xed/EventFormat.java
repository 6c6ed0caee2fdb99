package dev.hindsight.pt.xed;

import dev.hindsight.pt.query.PtEvent;

/** Formats an event as ptxed's {@code print_event()} does, e.g. {@code [disabled, ip: ...]}. */
final class EventFormat {
    private EventFormat() {
    }

    /**
     * Appends the event line without the line break.
     *
     * @param sb where to append
     * @param ev the event
     * @param options the run options (offset, event time and IP columns)
     * @param offset the trace offset to print with {@code --offset}
     */
    static void append(StringBuilder sb, PtEvent ev, PtxedOptions options, long offset) {
        boolean showIp = options.has(PtxedOptions.EVENT_IP);
        boolean ipOk = showIp && !ev.ipSuppressed();
        sb.append('[');
        if (options.has(PtxedOptions.PRINT_OFFSET)) {
            Hex.pad16(sb, offset).append("  ");
        }
        if (options.has(PtxedOptions.EVENT_TIME) && ev.hasTsc()) {
            Hex.pad16(sb, ev.tsc()).append("  ");
        }
        switch (ev.type()) {
            case ENABLED:
                sb.append(ev.resumed() ? "resumed" : "enabled");
                if (showIp) {
                    ip(sb, ev.ip());
                }
                break;
            case DISABLED:
                sb.append("disabled");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case ASYNC_DISABLED:
                sb.append("disabled");
                if (showIp) {
                    Hex.pad16(sb.append(", at: "), ev.at());
                    if (!ev.ipSuppressed()) {
                        ip(sb, ev.ip());
                    }
                }
                break;
            case ASYNC_BRANCH:
                sb.append("interrupt");
                if (showIp) {
                    Hex.pad16(sb.append(", from: "), ev.from());
                    if (!ev.ipSuppressed()) {
                        Hex.pad16(sb.append(", to: "), ev.to());
                    }
                }
                break;
            case PAGING:
                Hex.pad16(sb.append("paging, cr3: "), ev.cr3());
                if (ev.nonRoot()) {
                    sb.append(", nr");
                }
                break;
            case ASYNC_PAGING:
                Hex.pad16(sb.append("paging, cr3: "), ev.cr3());
                if (ev.nonRoot()) {
                    sb.append(", nr");
                }
                if (showIp) {
                    ip(sb, ev.ip());
                }
                break;
            case OVERFLOW:
                sb.append("overflow");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case EXEC_MODE:
                sb.append("exec mode: ").append(mode(ev.execMode()));
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case TSX:
                sb.append(ev.aborted() ? "aborted"
                        : ev.speculative() ? "begin transaction" : "committed");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case STOP:
                sb.append("stopped");
                break;
            case VMCS:
                Hex.pad16(sb.append("vmcs, base: "), ev.base());
                break;
            case ASYNC_VMCS:
                Hex.pad16(sb.append("vmcs, base: "), ev.base());
                if (showIp) {
                    ip(sb, ev.ip());
                }
                break;
            case EXSTOP:
                sb.append("exstop");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case MWAIT:
                Hex.plain(Hex.plain(sb.append("mwait "), ev.hints() & 0xffffffffL).append(' '),
                        ev.ext() & 0xffffffffL);
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case PWRE:
                sb.append("pwre c").append((ev.state() + 1) & 0xf).append('.')
                        .append((ev.subState() + 1) & 0xf);
                if (ev.hw()) {
                    sb.append(" hw");
                }
                break;
            case PWRX:
                sb.append("pwrx ");
                if (ev.wakeInterrupt()) {
                    sb.append("int: ");
                }
                if (ev.wakeStore()) {
                    sb.append("st: ");
                }
                if (ev.wakeAutonomous()) {
                    sb.append("hw: ");
                }
                sb.append('c').append((ev.last() + 1) & 0xf).append(" (c")
                        .append((ev.deepest() + 1) & 0xf).append(')');
                break;
            case PTWRITE:
                Hex.plain(sb.append("ptwrite: "), ev.payload());
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case TICK:
                sb.append("tick");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case CBR:
                Hex.plain(sb.append("cbr: "), ev.ratio() & 0xffffffffL);
                break;
            case MNT:
                Hex.plain(sb.append("mnt: "), ev.payload());
                break;
            case TIP:
                Hex.plain(sb.append("tip: "), ev.ip());
                break;
            case TNT:
                sb.append("tnt: ");
                for (long index = ev.size(); index != 0; index >>>= 1) {
                    sb.append((ev.bits() & index) != 0 ? "!" : ".");
                }
                break;
            case IFLAGS:
                sb.append("interrupts ").append(ev.iflag() ? "enabled" : "disabled");
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case INTERRUPT:
                sb.append("interrupt ").append(ev.vector() & 0xffffffffL);
                if (ev.hasCr2()) {
                    Hex.pad16(sb.append(", cr2: "), ev.cr2());
                }
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case IRET:
                named(sb, "iret", ev, ipOk);
                break;
            case SMI:
                named(sb, "smi", ev, ipOk);
                break;
            case RSM:
                named(sb, "rsm", ev, ipOk);
                break;
            case SIPI:
                Hex.plain(sb.append("sipi: "), ev.vector() & 0xffffffffL);
                break;
            case INIT:
                named(sb, "init", ev, ipOk);
                break;
            case VMENTRY:
                named(sb, "vmentry", ev, ipOk);
                break;
            case VMEXIT:
                sb.append("vmexit");
                if (ev.hasVector()) {
                    sb.append(", intr: ").append(ev.vector() & 0xffffffffL);
                }
                if (ev.hasVmxr()) {
                    Hex.pad16(sb.append(", vmxr: "), ev.vmxr());
                }
                if (ev.hasVmxq()) {
                    Hex.pad16(sb.append(", vmxq: "), ev.vmxq());
                }
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case SHUTDOWN:
                named(sb, "shutdown", ev, ipOk);
                break;
            case UINTR:
                sb.append("uintr ").append(ev.vector() & 0xffffffffL);
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case UIRET:
                named(sb, "uiret", ev, ipOk);
                break;
            case SWINTR:
                sb.append("swintr ").append(ev.vector() & 0xffffffffL);
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                break;
            case TRIG:
                sb.append("trig ");
                if ((ev.trbv() & 0xffffffffL) < 0x10) {
                    sb.append('0');
                }
                Hex.plain(sb, ev.trbv() & 0xffffffffL);
                if (ev.mult()) {
                    sb.append(", mult");
                }
                if (ipOk) {
                    ip(sb, ev.ip());
                }
                if (ev.icnt() != 0) {
                    sb.append(", icnt: ").append(ev.icnt() & 0xffffffffL);
                }
                break;
            default:
                break;
        }
        sb.append(']');
    }

    private static void named(StringBuilder sb, String name, PtEvent ev, boolean ipOk) {
        sb.append(name);
        if (ipOk) {
            ip(sb, ev.ip());
        }
    }

    private static void ip(StringBuilder sb, long ip) {
        Hex.pad16(sb.append(", ip: "), ip);
    }

    static String mode(dev.hindsight.pt.x86.ExecMode mode) {
        switch (mode) {
            case BITS_16:
                return "16-bit";
            case BITS_32:
                return "32-bit";
            case BITS_64:
                return "64-bit";
            default:
                return "<unknown>";
        }
    }
}
