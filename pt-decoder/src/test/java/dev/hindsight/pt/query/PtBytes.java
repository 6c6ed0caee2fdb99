package dev.hindsight.pt.query;

import java.io.ByteArrayOutputStream;

/** Builds Intel PT packet bytes for tests (SDM Vol. 3C, 33.4.2), and remembers packet offsets. */
final class PtBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The offset the next packet will have. */
    int offset() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private PtBytes b(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    private PtBytes le(long value, int size) {
        for (int i = 0; i < size; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PtBytes pad() {
        return b(0x00);
    }

    PtBytes psb() {
        for (int i = 0; i < 8; i++) {
            b(0x02, 0x82);
        }
        return this;
    }

    PtBytes psbend() {
        return b(0x02, 0x23);
    }

    PtBytes ovf() {
        return b(0x02, 0xf3);
    }

    PtBytes stop() {
        return b(0x02, 0x83);
    }

    private static int ipSize(int ipc) {
        switch (ipc) {
            case 0: return 0;
            case 1: return 2;
            case 2: return 4;
            case 3:
            case 4: return 6;
            case 6: return 8;
            default: throw new IllegalArgumentException("ipc " + ipc);
        }
    }

    private PtBytes ipPacket(int opcode, int ipc, long ip) {
        b((ipc << 5) | opcode);
        return le(ip, ipSize(ipc));
    }

    /** A full 64-bit (ipc 6) IP packet if {@code ip} is given, else suppressed. */
    PtBytes tip(long ip) {
        return ipPacket(0x0d, 6, ip);
    }

    PtBytes tip(int ipc, long ip) {
        return ipPacket(0x0d, ipc, ip);
    }

    PtBytes tipPge(long ip) {
        return ipPacket(0x11, 6, ip);
    }

    PtBytes tipPgd(long ip) {
        return ipPacket(0x01, 6, ip);
    }

    PtBytes tipPgdNoIp() {
        return ipPacket(0x01, 0, 0);
    }

    PtBytes fup(long ip) {
        return ipPacket(0x1d, 6, ip);
    }

    PtBytes fup(int ipc, long ip) {
        return ipPacket(0x1d, ipc, ip);
    }

    /** Short TNT with {@code n} bits, oldest in bit n-1. */
    PtBytes tnt8(long bits, int n) {
        return b((int) (((1L << n) | bits) << 1));
    }

    /** Long TNT with {@code n} bits, oldest in bit n-1. */
    PtBytes tnt64(long bits, int n) {
        b(0x02, 0xa3);
        return le((1L << n) | bits, 6);
    }

    PtBytes modeExec(boolean csl, boolean csd, boolean iflag) {
        return b(0x99, (csl ? 1 : 0) | (csd ? 2 : 0) | (iflag ? 4 : 0));
    }

    PtBytes modeExec64() {
        return modeExec(true, false, false);
    }

    PtBytes modeTsx(boolean intx, boolean abrt) {
        return b(0x99, 0x20 | (intx ? 1 : 0) | (abrt ? 2 : 0));
    }

    PtBytes pip(long cr3, boolean nr) {
        b(0x02, 0x43);
        return le(((cr3 >>> 5) << 1) | (nr ? 1 : 0), 6);
    }

    PtBytes vmcs(long base) {
        b(0x02, 0xc8);
        return le(base >>> 12, 5);
    }

    PtBytes cbr(int ratio) {
        return b(0x02, 0x03, ratio, 0);
    }

    PtBytes tsc(long tsc) {
        b(0x19);
        return le(tsc, 7);
    }

    PtBytes tma(int ctc, int fc) {
        b(0x02, 0x73);
        le(ctc, 2);
        b(0);
        return le(fc, 2);
    }

    PtBytes mtc(int ctc) {
        return b(0x59, ctc);
    }

    /** A one-byte CYC (values below 32). */
    PtBytes cyc(int cycles) {
        return b(0x03 | (cycles << 3));
    }

    PtBytes mnt(long payload) {
        b(0x02, 0xc3, 0x88);
        return le(payload, 8);
    }

    PtBytes exstop(boolean ip) {
        return b(0x02, ip ? 0xe2 : 0x62);
    }

    PtBytes mwait(int hints, int ext) {
        b(0x02, 0xc2);
        le(hints, 4);
        return le(ext, 4);
    }

    PtBytes pwre(int state, int subState, boolean hw) {
        b(0x02, 0x22);
        return le((state << 12) | (subState << 8) | (hw ? 0x8 : 0), 2);
    }

    PtBytes pwrx(int last, int deepest, boolean interrupt) {
        b(0x02, 0xa2);
        return le((last << 4) | deepest | (interrupt ? 0x100 : 0), 5);
    }

    PtBytes ptw(long payload, boolean eightBytes, boolean ip) {
        b(0x02, 0x12 | (eightBytes ? 0x20 : 0) | (ip ? 0x80 : 0));
        return le(payload, eightBytes ? 8 : 4);
    }

    PtBytes cfe(int type, int vector, boolean ip) {
        return b(0x02, 0x13, (type & 0x1f) | (ip ? 0x80 : 0), vector);
    }

    PtBytes evd(int type, long payload) {
        b(0x02, 0x53, type);
        return le(payload, 8);
    }

    /** TRIG; {@code icnt < 0} means no valid ICNT. */
    PtBytes trig(int trbv, int icnt, boolean ip, boolean mult) {
        b(0xd9, (ip ? 0x80 : 0) | (icnt >= 0 ? 0x40 : 0) | (mult ? 0x20 : 0), trbv);
        if (icnt >= 0) {
            le(icnt, 2);
        }
        return this;
    }

    /** Raw bytes. */
    PtBytes raw(int... values) {
        return b(values);
    }

    /** PSB, MODE.Exec 64-bit, FUP at {@code ip}, PSBEND: tracing enabled at {@code ip}. */
    PtBytes psbEnabled(long ip) {
        return psb().modeExec64().fup(ip).psbend();
    }

    /** PSB, PSBEND: tracing disabled. */
    PtBytes psbDisabled() {
        return psb().psbend();
    }
}
