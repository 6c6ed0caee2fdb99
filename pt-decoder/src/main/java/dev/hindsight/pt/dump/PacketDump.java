package dev.hindsight.pt.dump;

import dev.hindsight.errata.Erratum;
import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.CfeType;
import dev.hindsight.pt.packet.IpCompression;
import dev.hindsight.pt.packet.LastIp;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoder;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.time.TimeColumn;
import dev.hindsight.pt.time.TimeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A dump of every packet of a trace, one line each, as libipt's {@code ptdump} prints it
 * ({@code ptdump.c}: {@code dump_sync}, {@code dump_packets}, {@code print_packet},
 * {@code print_buffer}).
 *
 * <p>Each line holds the offset (16 hex digits, unless {@code --no-offset}), the raw bytes (with
 * {@code --raw}), the mnemonic padded to 9 columns, the payload padded to 24 columns and an
 * optional tracking column (an identifier padded to 4 columns and its value: {@code ip},
 * {@code cr3}, {@code vmcs}, {@code em}, {@code tsc}, {@code fcr}, {@code type}). Diagnostics are
 * bracketed lines {@code [<hex offset>: <what>: <error>]} on the same output. After a decode error
 * the dump resynchronises at the next PSB and forgets all tracking state; it ends at the end of
 * the trace.
 *
 * <p>One instance dumps one trace once. Not thread-safe.
 */
public final class PacketDump {
    private static final int OFFSET_WIDTH = 17;
    private static final int RAW_WIDTH = 33;
    private static final int OPCODE_WIDTH = 10;
    private static final int PAYLOAD_WIDTH = 25;
    private static final int ID_WIDTH = 5;
    private static final int STANDARD_MAX = 24;
    private static final int TRACKING_MAX = 16;

    private final PacketDecoder decoder;
    private final PtdumpOptions options;
    private final Appendable out;
    private final PacketDumpHook hook;
    private final LastIp lastIp = new LastIp();
    private final TimeColumn time;
    private final Packet packet = new Packet();
    private final StringBuilder line = new StringBuilder(128);

    // The line being built (libipt's struct ptdump_buffer).
    private String opcode;
    private String payload;
    private boolean extendedPayload;
    private String trackingId;
    private String trackingPayload;
    private boolean skip;

    /**
     * A dump of {@code trace}.
     *
     * @param trace   the raw trace, read from index 0 to its limit (not copied)
     * @param config  the decoder configuration: errata ({@code --cpu}) and timing parameters
     *                ({@code --mtc-freq}, {@code --nom-freq}, {@code --cpuid-0x15.*})
     * @param options what to show
     * @param out     where lines go
     * @param hook    called around packets and timing updates; {@link PacketDumpHook#NONE} for none
     */
    public PacketDump(ByteBuffer trace, PacketDecoderConfig config, PtdumpOptions options,
            Appendable out, PacketDumpHook hook) {
        this.decoder = new PacketDecoder(trace, config);
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.time = new TimeColumn(timeConfig(config, options), timeOptions(options),
                this::printLine);
    }

    /** A dump without hook; see {@link #PacketDump(ByteBuffer, PacketDecoderConfig, PtdumpOptions, Appendable, PacketDumpHook)}. */
    public PacketDump(ByteBuffer trace, PacketDecoderConfig config, PtdumpOptions options,
            Appendable out) {
        this(trace, config, options, out, PacketDumpHook.NONE);
    }

    /** The timing parameters of {@code config} in the form the time layer takes. */
    public static TimeConfig timeConfig(PacketDecoderConfig config, PtdumpOptions options) {
        return TimeConfig.builder()
                .mtcFreq(config.mtcFreq())
                .nomFreq(config.nomFreq())
                .cpuid15Eax((int) config.cpuid15Eax())
                .cpuid15Ebx((int) config.cpuid15Ebx())
                .skl168(config.errata().has(Erratum.SKL168))
                .keepTcalOnOvf(options.keepTcalOnOvf())
                .build();
    }

    private static TimeColumn.Options timeOptions(PtdumpOptions o) {
        return TimeColumn.Options.builder()
                .trackTime(o.trackTime())
                .showTime(o.showTime())
                .showTcal(o.showTcal())
                .timeDelta(o.showTimeAsDelta())
                .noTcal(o.noTcal())
                .noWallClock(o.noWallClock())
                .noCyc(o.noCyc())
                .build();
    }

    /**
     * Prints a diagnostic line as ptdump's {@code diag()} does: {@code [offset: what: error]}.
     *
     * @param what   the message
     * @param offset the trace offset
     * @param status 0 (no error part) or a negative error code
     */
    public void diag(String what, long offset, int status) throws IOException {
        out.append(TimeColumn.diagLine(what, offset, status)).append('\n');
    }

    /**
     * Dumps the trace (libipt {@code dump()}).
     *
     * @return 0 when the end of the trace was reached, or the negative error that stopped the
     *     dump (only a failure to synchronise with {@code --no-sync}, or an internal error)
     * @throws IOException if writing fails
     */
    public int dump() throws IOException {
        try {
            int status = dumpSync();
            if (status < 0) {
                return status;
            }
            hook.onEnd(out);
            return 0;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private int dumpSync() throws IOException {
        int status;
        if (options.noSync()) {
            status = decoder.syncSet(0);
            if (status < 0) {
                diag("sync error", 0, status);
                return status;
            }
        } else {
            status = decoder.syncForward();
            if (status < 0) {
                if (status == -PtError.EOS.code()) {
                    return 0;
                }
                diag("sync error", 0, status);
                return status;
            }
        }
        for (;;) {
            status = dumpPackets();
            if (status == 0) {
                return 0;
            }
            status = decoder.syncForward();
            if (status < 0) {
                if (status == -PtError.EOS.code()) {
                    return 0;
                }
                diag("sync error", 0, status);
                return status;
            }
            resetTracking();
        }
    }

    private void resetTracking() {
        lastIp.init();
        time.reset();
    }

    private int dumpPackets() throws IOException {
        for (;;) {
            long offset = decoder.offset();
            int status = decoder.next(packet);
            if (status < 0) {
                if (status == -PtError.EOS.code()) {
                    return 0;
                }
                diag("error decoding packet", offset, status);
                return status;
            }
            status = dumpOne(offset);
            if (status < 0) {
                return status;
            }
        }
    }

    private int dumpOne(long offset) throws IOException {
        hook.beforePacket(offset, packet, out);
        opcode = "";
        payload = "";
        extendedPayload = false;
        trackingId = "";
        trackingPayload = "";
        skip = false;
        String raw = "";
        if (options.showRawBytes()) {
            if (offset + packet.size() > decoder.size()) {
                diag("bad packet size", offset, -PtError.BAD_PACKET.code());
                return -PtError.BAD_PACKET.code();
            }
            raw = rawBytes(offset, packet.size());
        }
        formatPacket(offset);
        if (skip || options.quiet()) {
            return 0;
        }
        line.setLength(0);
        String sep = "";
        if (options.showOffset()) {
            pad(hex16(offset), OFFSET_WIDTH);
            sep = " ";
        }
        if (!raw.isEmpty()) {
            line.append(sep);
            pad(raw, RAW_WIDTH);
            sep = " ";
        }
        line.append(sep);
        if (!payload.isEmpty()) {
            pad(opcode, OPCODE_WIDTH);
        } else {
            line.append(opcode);
        }
        if (extendedPayload) {
            line.append(' ').append(payload);
        } else if (!trackingId.isEmpty()) {
            line.append(' ');
            pad(payload, PAYLOAD_WIDTH);
            line.append(' ');
            pad(trackingId, ID_WIDTH);
            line.append(trackingPayload);
        } else if (!payload.isEmpty()) {
            line.append(' ').append(payload);
        }
        line.append('\n');
        out.append(line);
        return 0;
    }

    private String rawBytes(long offset, int size) {
        StringBuilder sb = new StringBuilder(size * 2);
        // ptdump's raw buffer holds 32 hex digits: 16 bytes, a PSB's worth.
        int n = Math.min(size, (RAW_WIDTH - 1) / 2);
        for (int i = 0; i < n; i++) {
            int b = decoder.buffer().get((int) offset + i) & 0xff;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private void pad(String s, int width) {
        line.append(s);
        for (int i = s.length(); i < width; i++) {
            line.append(' ');
        }
    }

    private void printLine(String text) {
        try {
            out.append(text).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void standard(String text) {
        payload = text.length() <= STANDARD_MAX ? text : text.substring(0, STANDARD_MAX);
    }

    private void tracking(String id, String value) {
        trackingId = id;
        trackingPayload = value.length() <= TRACKING_MAX ? value : value.substring(0, TRACKING_MAX);
    }

    private void timeCell(long offset, TimeColumn.Cell cell) throws IOException {
        if (cell != null) {
            tracking(cell.id(), cell.payload());
        }
        if (options.trackTime()) {
            hook.onTime(offset, time.estimator(), out);
        }
    }

    /** libipt {@code print_packet}: fills the line fields and tracks state. */
    private void formatPacket(long offset) throws IOException {
        Packet p = packet;
        opcode = p.type().mnemonic();
        switch (p.type()) {
            case INVALID:
            case UNKNOWN:
            case STOP:
                return;
            case PSBEND:
                time.psbend();
                return;
            case PSB:
                time.psb(offset);
                return;
            case PAD:
                skip = options.noPad();
                return;
            case OVF:
                time.ovf(offset);
                return;
            case FUP:
            case TIP:
            case TIP_PGE:
            case TIP_PGD:
                standard(ipPayload(p.ipc(), p.ip()));
                if (options.showLastIp()) {
                    trackLastIp(offset);
                }
                return;
            case PIP:
                standard(Long.toHexString(p.pipCr3()) + (p.pipNr() ? ", nr" : ""));
                tracking("cr3", hex16(p.pipCr3()));
                return;
            case VMCS:
                standard(Long.toHexString(p.vmcsBase()));
                tracking("vmcs", hex16(p.vmcsBase()));
                return;
            case TNT_8:
            case TNT_64:
                payload = tntPayload(p.tntBitSize(), p.tntPayload());
                extendedPayload = true;
                return;
            case MODE_EXEC:
                standard(join(p.execCsd() ? "cs.d" : "", p.execCsl() ? "cs.l" : "",
                        p.execIflag() ? "if" : ""));
                if (options.showExecMode()) {
                    tracking("em", execMode(p.execCsl(), p.execCsd()));
                }
                return;
            case MODE_TSX:
                standard(join(p.tsxIntx() ? "intx" : "", p.tsxAbrt() ? "abrt" : "", ""));
                return;
            case TSC:
                standard(Long.toHexString(p.tsc()));
                timeCell(offset, time.tsc(offset, p.tsc()));
                skip = options.noTiming();
                return;
            case CBR:
                standard(Integer.toHexString(p.cbrRatio()));
                timeCell(offset, time.cbr(offset, p.cbrRatio()));
                skip = options.noTiming();
                return;
            case TMA:
                standard(Integer.toHexString(p.tmaCtc()) + ", " + Integer.toHexString(p.tmaFc()));
                timeCell(offset, time.tma(offset, p.tmaCtc(), p.tmaFc()));
                skip = options.noTiming();
                return;
            case MTC:
                standard(Integer.toHexString(p.mtcCtc()));
                timeCell(offset, time.mtc(offset, p.mtcCtc()));
                skip = options.noTiming();
                return;
            case CYC:
                standard(Long.toHexString(p.cycValue()));
                if (!options.noCyc()) {
                    timeCell(offset, time.cyc(offset, p.cycValue()));
                }
                skip = options.noTiming() || options.noCyc();
                return;
            case MNT:
                standard(Long.toHexString(p.mntPayload()));
                return;
            case EXSTOP:
                standard(p.exstopIp() ? "ip" : "");
                return;
            case MWAIT:
                standard(hex8(p.mwaitHints()) + ", " + hex8(p.mwaitExt()));
                return;
            case PWRE:
                standard("c" + ((p.pwreState() + 1) & 0xf) + "." + ((p.pwreSubState() + 1) & 0xf)
                        + (p.pwreHw() ? ", hw" : ""));
                return;
            case PWRX:
                standard(wakeReason(p) + ": c" + ((p.pwrxLast() + 1) & 0xf) + ", c"
                        + ((p.pwrxDeepest() + 1) & 0xf));
                return;
            case PTW:
                standard(Integer.toHexString(p.ptwPlc()) + ": " + Long.toHexString(p.ptwPayload())
                        + (p.ptwIp() ? ", ip" : ""));
                return;
            case CFE: {
                int type = p.cfeType();
                StringBuilder sb = new StringBuilder().append(type);
                if (CfeType.hasVector(type)) {
                    // SIPI carries a page number, shown in hex; interrupt vectors in decimal.
                    sb.append(": ").append(type == CfeType.SIPI
                            ? Integer.toHexString(p.cfeVector()) : Integer.toString(p.cfeVector()));
                }
                if (p.cfeIp()) {
                    sb.append(", ip");
                }
                standard(sb.toString());
                String name = CfeType.name(type);
                if (name != null) {
                    tracking("type", name);
                }
                return;
            }
            case EVD: {
                standard(p.evdType() + ": " + Long.toHexString(p.evdPayload()));
                String name = evdName(p.evdType());
                if (name != null) {
                    tracking("type", name);
                }
                return;
            }
            case TRIG: {
                StringBuilder sb = new StringBuilder(Integer.toHexString(p.trigTrbv()));
                if (p.trigIp()) {
                    sb.append(", ip");
                }
                if (p.trigMult()) {
                    sb.append(", mult");
                }
                if (p.trigIcntv()) {
                    sb.append(", icnt: ").append(p.trigIcnt());
                }
                standard(sb.toString());
                return;
            }
            default:
                diag("unknown packet", offset, -PtError.BAD_OPC.code());
        }
    }

    private void trackLastIp(long offset) throws IOException {
        int status = lastIp.update(packet);
        if (status < 0) {
            tracking("ip", "<unavailable>");
            diag("error tracking last-ip", offset, status);
            return;
        }
        status = lastIp.status();
        if (status == 0) {
            tracking("ip", hex16(lastIp.ip()));
        } else if (status == -PtError.IP_SUPPRESSED.code()) {
            tracking("ip", "<suppressed>");
        } else {
            tracking("ip", "<unavailable>");
            diag("error tracking last-ip", offset, status);
        }
    }

    /** The IP payload as {@code <ipc>: <16 digits>}, {@code ?} for digits the packet lacks. */
    static String ipPayload(int ipc, long ip) {
        switch (ipc) {
            case IpCompression.CODE_SUPPRESSED:
                return "0: ????????????????";
            case IpCompression.CODE_UPDATE_16:
                return "1: ????????????" + hexPad(ip & 0xffffL, 4);
            case IpCompression.CODE_UPDATE_32:
                return "2: ????????" + hexPad(ip & 0xffffffffL, 8);
            case IpCompression.CODE_UPDATE_48:
                return "4: ????" + hexPad(ip & 0xffffffffffffL, 12);
            case IpCompression.CODE_SEXT_48:
                return "3: " + hex16((ip << 16) >> 16);
            default:
                return Integer.toHexString(ipc) + ": " + hex16(ip);
        }
    }

    /** TNT bits oldest first: {@code !} taken, {@code .} not taken. */
    static String tntPayload(int bits, long tnt) {
        char[] c = new char[bits];
        for (int i = 0; i < bits; i++) {
            c[i] = (tnt & (1L << (bits - 1 - i))) != 0 ? '!' : '.';
        }
        return new String(c);
    }

    private static String join(String a, String b, String c) {
        StringBuilder sb = new StringBuilder();
        for (String s : new String[] {a, b, c}) {
            if (!s.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }

    private static String execMode(boolean csl, boolean csd) {
        if (csl) {
            return csd ? "unknown" : "64-bit";
        }
        return csd ? "32-bit" : "16-bit";
    }

    private static String wakeReason(Packet p) {
        String wr = null;
        if (p.pwrxInterrupt()) {
            wr = "int";
        }
        if (p.pwrxStore()) {
            if (wr != null) {
                return "bad";
            }
            wr = "st";
        }
        if (p.pwrxAutonomous()) {
            if (wr != null) {
                return "bad";
            }
            wr = "hw";
        }
        return wr == null ? "bad" : wr;
    }

    private static String evdName(int type) {
        switch (type) {
            case 0:
                return "cr2";
            case 1:
                return "vmxq";
            case 2:
                return "vmxr";
            default:
                return null;
        }
    }

    static String hex16(long v) {
        return hexPad(v, 16);
    }

    private static String hex8(int v) {
        return hexPad(v & 0xffffffffL, 8);
    }

    private static String hexPad(long v, int width) {
        String h = Long.toHexString(v);
        if (h.length() >= width) {
            return h;
        }
        return "0000000000000000".substring(0, width - h.length()) + h;
    }
}
