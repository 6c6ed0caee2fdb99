package dev.hindsight.pt.packet.internal;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketType;
import java.nio.ByteBuffer;

/**
 * Decodes the one packet at an offset, exactly as libipt's {@code pt_pkt_decode} and the
 * {@code pt_pkt_read_*} functions of {@code pt_packet.c} do (SDM Vol. 3C, 33.4.2).
 *
 * <p>Reads straight from a little-endian {@link ByteBuffer} with absolute gets; nothing is
 * allocated. Opcode dispatch goes through two 256-entry tables built in libipt's matching order
 * (exact opcodes first, then the masked CYC, TNT-8, FUP, TIP, TIP.PGE, TIP.PGD forms).
 */
public final class PacketReader {
    private static final int EOS = -PtError.EOS.code();
    private static final int BAD_OPC = -PtError.BAD_OPC.code();
    private static final int BAD_PACKET = -PtError.BAD_PACKET.code();
    private static final int NOSYNC = -PtError.NOSYNC.code();

    // First-byte kinds.
    private static final byte K_BAD = 0;
    private static final byte K_PAD = 1;
    private static final byte K_EXT = 2;
    private static final byte K_CYC = 3;
    private static final byte K_TNT8 = 4;
    private static final byte K_FUP = 5;
    private static final byte K_TIP = 6;
    private static final byte K_PGE = 7;
    private static final byte K_PGD = 8;
    private static final byte K_MODE = 9;
    private static final byte K_MTC = 10;
    private static final byte K_TSC = 11;
    private static final byte K_TRIG = 12;

    // Second-byte kinds after 0x02.
    private static final byte X_BAD = 0;
    private static final byte X_PSB = 1;
    private static final byte X_OVF = 2;
    private static final byte X_PSBEND = 3;
    private static final byte X_CBR = 4;
    private static final byte X_TMA = 5;
    private static final byte X_PIP = 6;
    private static final byte X_VMCS = 7;
    private static final byte X_EXSTOP = 8;
    private static final byte X_MWAIT = 9;
    private static final byte X_PWRE = 10;
    private static final byte X_PWRX = 11;
    private static final byte X_STOP = 12;
    private static final byte X_TNT64 = 13;
    private static final byte X_CFE = 14;
    private static final byte X_EVD = 15;
    private static final byte X_EXT2 = 16;
    private static final byte X_PTW = 17;

    /** The single-byte opcodes. */
    static final int OPC_PAD = 0x00;
    static final int OPC_EXT = 0x02;
    static final int OPC_MODE = 0x99;
    static final int OPC_TSC = 0x19;
    static final int OPC_MTC = 0x59;
    static final int OPC_TRIG = 0xd9;

    /** The ext2 opcode of MNT (02 c3 88). */
    static final int EXT2_MNT = 0x88;

    private static final byte[] FIRST = new byte[256];
    private static final byte[] SECOND = new byte[256];

    static {
        for (int opc = 0; opc < 256; opc++) {
            byte k;
            switch (opc) {
                case OPC_MODE: k = K_MODE; break;
                case OPC_MTC: k = K_MTC; break;
                case OPC_TSC: k = K_TSC; break;
                case OPC_PAD: k = K_PAD; break;
                case OPC_TRIG: k = K_TRIG; break;
                case OPC_EXT: k = K_EXT; break;
                default:
                    if ((opc & 0x03) == 0x03) {
                        k = K_CYC;
                    } else if ((opc & 0x01) == 0x00) {
                        k = K_TNT8;
                    } else if ((opc & 0x1f) == 0x1d) {
                        k = K_FUP;
                    } else if ((opc & 0x1f) == 0x0d) {
                        k = K_TIP;
                    } else if ((opc & 0x1f) == 0x11) {
                        k = K_PGE;
                    } else if ((opc & 0x1f) == 0x01) {
                        k = K_PGD;
                    } else {
                        k = K_BAD;
                    }
            }
            FIRST[opc] = k;
        }
        for (int ext = 0; ext < 256; ext++) {
            byte k;
            switch (ext) {
                case 0x82: k = X_PSB; break;
                case 0xf3: k = X_OVF; break;
                case 0x23: k = X_PSBEND; break;
                case 0x03: k = X_CBR; break;
                case 0x73: k = X_TMA; break;
                case 0x43: k = X_PIP; break;
                case 0xc8: k = X_VMCS; break;
                case 0x62: case 0xe2: k = X_EXSTOP; break;
                case 0xc2: k = X_MWAIT; break;
                case 0x22: k = X_PWRE; break;
                case 0xa2: k = X_PWRX; break;
                case 0x83: k = X_STOP; break;
                case 0xa3: k = X_TNT64; break;
                case 0x13: k = X_CFE; break;
                case 0x53: k = X_EVD; break;
                case 0xc3: k = X_EXT2; break;
                default:
                    k = (ext & 0x1f) == 0x12 ? X_PTW : X_BAD;
            }
            SECOND[ext] = k;
        }
    }

    private PacketReader() {
    }

    /**
     * Decodes the packet at {@code pos} into {@code p}.
     *
     * @param buf    the trace, little-endian
     * @param pos    the packet's offset
     * @param end    the end of the trace (exclusive)
     * @param skd007 whether to apply the SKD007 workaround
     * @param skz84  whether to apply the SKZ84 workaround
     * @param p      the holder to fill
     * @return the number of bytes consumed (normally {@code p.size()}; one more than that when
     *     SKD007 turned a cut CYC into the OVF behind it), or a negative error: {@code -EOS}
     *     (truncated or at the end), {@code -BAD_OPC}, {@code -BAD_PACKET}, {@code -NOSYNC}
     *     ({@code pos} negative)
     */
    public static int decode(ByteBuffer buf, int pos, int end, boolean skd007, boolean skz84,
            Packet p) {
        if (pos < 0) {
            return NOSYNC;
        }
        if (end <= pos) {
            return EOS;
        }
        int opc = buf.get(pos) & 0xff;
        switch (FIRST[opc]) {
            case K_PAD:
                p.setType(PacketType.PAD).setSize(1);
                return 1;
            case K_CYC:
                return cyc(buf, pos, end, skd007, p);
            case K_TNT8:
                return tnt(p, PacketType.TNT_8, opc >>> 1, 1);
            case K_FUP:
                return ip(buf, pos, end, opc, PacketType.FUP, p);
            case K_TIP:
                return ip(buf, pos, end, opc, PacketType.TIP, p);
            case K_PGE:
                return ip(buf, pos, end, opc, PacketType.TIP_PGE, p);
            case K_PGD:
                return ip(buf, pos, end, opc, PacketType.TIP_PGD, p);
            case K_MODE:
                return mode(buf, pos, end, p);
            case K_MTC:
                if (end - pos < 2) {
                    return EOS;
                }
                p.setMtc(buf.get(pos + 1) & 0xff).setSize(2);
                return 2;
            case K_TSC:
                if (end - pos < 8) {
                    return EOS;
                }
                p.setTsc(read56(buf, pos + 1)).setSize(8);
                return 8;
            case K_TRIG:
                return trig(buf, pos, end, p);
            case K_EXT:
                return ext(buf, pos, end, skz84, p);
            default:
                return BAD_OPC;
        }
    }

    private static int ext(ByteBuffer buf, int pos, int end, boolean skz84, Packet p) {
        if (end - pos < 2) {
            return EOS;
        }
        int ext = buf.get(pos + 1) & 0xff;
        switch (SECOND[ext]) {
            case X_PSB: {
                int size = PsbSync.readPsb(buf, pos, end);
                if (size < 0) {
                    return size;
                }
                p.setType(PacketType.PSB).setSize(size);
                return size;
            }
            case X_OVF:
                p.setType(PacketType.OVF).setSize(2);
                return 2;
            case X_PSBEND:
                p.setType(PacketType.PSBEND).setSize(2);
                return 2;
            case X_STOP:
                p.setType(PacketType.STOP).setSize(2);
                return 2;
            case X_CBR:
                if (end - pos < 4) {
                    return EOS;
                }
                p.setCbr(buf.get(pos + 2) & 0xff).setSize(4);
                return 4;
            case X_TMA:
                return tma(buf, pos, end, skz84, p);
            case X_PIP: {
                if (end - pos < 8) {
                    return EOS;
                }
                long payload = read48(buf, pos + 2);
                p.setPip((payload >>> 1) << 5, (payload & 1) != 0).setSize(8);
                return 8;
            }
            case X_VMCS:
                if (end - pos < 7) {
                    return EOS;
                }
                p.setVmcs(read40(buf, pos + 2) << 12).setSize(7);
                return 7;
            case X_EXSTOP:
                p.setExstop((ext & 0x80) != 0).setSize(2);
                return 2;
            case X_MWAIT:
                if (end - pos < 10) {
                    return EOS;
                }
                p.setMwait(buf.getInt(pos + 2), buf.getInt(pos + 6)).setSize(10);
                return 10;
            case X_PWRE: {
                if (end - pos < 4) {
                    return EOS;
                }
                int payload = buf.getShort(pos + 2) & 0xffff;
                p.setPwre((payload & 0xf000) >>> 12, (payload & 0xf00) >>> 8, (payload & 0x8) != 0)
                        .setSize(4);
                return 4;
            }
            case X_PWRX: {
                if (end - pos < 7) {
                    return EOS;
                }
                long payload = read40(buf, pos + 2);
                p.setPwrx((int) (payload & 0xf0) >>> 4, (int) (payload & 0xf),
                        (payload & 0x100) != 0, (payload & 0x400) != 0, (payload & 0x800) != 0)
                        .setSize(7);
                return 7;
            }
            case X_TNT64: {
                if (end - pos < 8) {
                    return EOS;
                }
                return tnt(p, PacketType.TNT_64, read48(buf, pos + 2), 8);
            }
            case X_CFE: {
                if (end - pos < 4) {
                    return EOS;
                }
                int b = buf.get(pos + 2) & 0xff;
                p.setCfe(b & 0x1f, buf.get(pos + 3) & 0xff, (b & 0x80) != 0).setSize(4);
                return 4;
            }
            case X_EVD:
                if (end - pos < 11) {
                    return EOS;
                }
                p.setEvd(buf.get(pos + 2) & 0x1f, buf.getLong(pos + 3)).setSize(11);
                return 11;
            case X_EXT2:
                if (end - pos < 3) {
                    return EOS;
                }
                if ((buf.get(pos + 2) & 0xff) != EXT2_MNT) {
                    return BAD_OPC;
                }
                if (end - pos < 11) {
                    return EOS;
                }
                p.setMnt(buf.getLong(pos + 3)).setSize(11);
                return 11;
            case X_PTW: {
                int plc = (ext >>> 5) & 0x3;
                int size;
                if (plc == 0) {
                    size = 4;
                } else if (plc == 1) {
                    size = 8;
                } else {
                    return BAD_PACKET;
                }
                if (end - pos < 2 + size) {
                    return EOS;
                }
                long payload = size == 4 ? buf.getInt(pos + 2) & 0xffffffffL : buf.getLong(pos + 2);
                p.setPtw(plc, payload, (ext & 0x80) != 0).setSize(2 + size);
                return 2 + size;
            }
            default:
                return BAD_OPC;
        }
    }

    private static int ip(ByteBuffer buf, int pos, int end, int opc, PacketType type, Packet p) {
        int ipc = (opc >>> 5) & 0x7;
        long ip;
        switch (ipc) {
            case 0:
                p.setIp(type, 0, 0L).setSize(1);
                return 1;
            case 1:
                if (end - pos < 3) {
                    return EOS;
                }
                ip = buf.getShort(pos + 1) & 0xffffL;
                p.setIp(type, 1, ip).setSize(3);
                return 3;
            case 2:
                if (end - pos < 5) {
                    return EOS;
                }
                ip = buf.getInt(pos + 1) & 0xffffffffL;
                p.setIp(type, 2, ip).setSize(5);
                return 5;
            case 3:
            case 4:
                if (end - pos < 7) {
                    return EOS;
                }
                p.setIp(type, ipc, read48(buf, pos + 1)).setSize(7);
                return 7;
            case 6:
                if (end - pos < 9) {
                    return EOS;
                }
                p.setIp(type, 6, buf.getLong(pos + 1)).setSize(9);
                return 9;
            default:
                return BAD_PACKET;
        }
    }

    /**
     * Decodes the IP packet (TIP, TIP.PGE, TIP.PGD, FUP) of opcode {@code opc} at {@code pos}
     * as {@link #decode} does, with one eight-byte read for every payload size and no branch on
     * the IP compression: the packet decoder's fast path.
     *
     * @param buf the trace, little-endian
     * @param pos the packet's offset
     * @param end the end of the trace (exclusive)
     * @param opc the opcode byte at {@code pos}
     * @param p the holder to fill
     * @return the packet size, or 0 if {@code opc} is no IP packet, its compression is
     *     reserved, or fewer than nine bytes are left: {@link #decode} then takes it
     */
    public static int ipPacketFast(ByteBuffer buf, int pos, int end, int opc, Packet p) {
        PacketType type = IP_TYPES[opc & 0x1f];
        int ipc = opc >>> 5;
        int payload = IP_BYTES[ipc];
        if (type == null || payload < 0 || end - pos <= Long.BYTES) {
            return 0;
        }
        p.setIp(type, ipc, buf.getLong(pos + 1) & IP_MASKS[ipc]).setSize(1 + payload);
        return 1 + payload;
    }

    // IP packets by the low five bits of their opcode, and by IP compression their payload
    // bytes (-1: reserved) and masks: what ip() decodes case by case.
    private static final PacketType[] IP_TYPES = new PacketType[32];
    private static final int[] IP_BYTES = {0, 2, 4, 6, 6, -1, 8, -1};
    private static final long[] IP_MASKS = {0, 0xffffL, 0xffff_ffffL, 0xffff_ffff_ffffL,
        0xffff_ffff_ffffL, 0, -1L, 0};

    static {
        IP_TYPES[0x0d] = PacketType.TIP;
        IP_TYPES[0x11] = PacketType.TIP_PGE;
        IP_TYPES[0x01] = PacketType.TIP_PGD;
        IP_TYPES[0x1d] = PacketType.FUP;
    }

    private static int tnt(Packet p, PacketType type, long payload, int size) {
        // The bit size is the index of the stop bit, which is not part of the payload.
        int bits = 63 - Long.numberOfLeadingZeros(payload);
        if (bits <= 0) {
            return BAD_PACKET;
        }
        p.setTnt(type, bits, payload & ~(1L << bits)).setSize(size);
        return size;
    }

    private static int mode(ByteBuffer buf, int pos, int end, Packet p) {
        if (end - pos < 2) {
            return EOS;
        }
        int payload = buf.get(pos + 1) & 0xff;
        switch (payload & 0xe0) {
            case 0x00:
                p.setModeExec((payload & 0x01) != 0, (payload & 0x02) != 0, (payload & 0x04) != 0);
                break;
            case 0x20:
                p.setModeTsx((payload & 0x01) != 0, (payload & 0x02) != 0);
                break;
            default:
                return BAD_PACKET;
        }
        p.setSize(2);
        return 2;
    }

    private static int tma(ByteBuffer buf, int pos, int end, boolean skz84, Packet p) {
        if (end - pos < 7) {
            return EOS;
        }
        int ctc = buf.getShort(pos + 2) & 0xffff;
        int fc = buf.getShort(pos + 5) & 0xffff;
        if ((fc & ~0x1ff) != 0 || buf.get(pos + 4) != 0) {
            // SKZ84: corrupt TMA packets; reserved bits set is what can be detected. libipt
            // then skips the packet and the bogus byte that follows it.
            if (skz84) {
                p.setType(PacketType.INVALID).setSize(8);
                return 8;
            }
            return BAD_PACKET;
        }
        p.setTma(ctc, fc).setSize(7);
        return 7;
    }

    private static int cyc(ByteBuffer buf, int pos, int end, boolean skd007, Packet p) {
        int begin = pos;
        int first = buf.get(pos++) & 0xff;
        boolean ext = (first & 0x04) != 0;
        long value = first >>> 3;
        int shl = 5;
        while (ext) {
            if (end <= pos) {
                return EOS;
            }
            long bits = buf.get(pos++) & 0xff;
            ext = (bits & 0x01) != 0;
            bits >>>= 1;
            bits <<= shl;
            shl += 7;
            if (64 < shl) {
                return BAD_PACKET;
            }
            value |= bits;
        }
        int size = pos - begin;
        p.setCyc(value).setSize(size);
        if (skd007 && size == 2 && (value & ~0x1fL) == 0x20 && pos < end
                && (buf.get(pos) & 0xff) == 0xf3) {
            // SKD007: two short CYCs in a row only happen on wrap-around with a full payload, so
            // this "CYC" is the first byte of a cut CYC and the OVF's 02 was read as its second
            // byte. Report the OVF that starts one byte further on.
            p.setType(PacketType.OVF).setSize(2);
            return 3;
        }
        return size;
    }

    private static int trig(ByteBuffer buf, int pos, int end, Packet p) {
        if (end - pos < 3) {
            return EOS;
        }
        int flags = buf.get(pos + 1) & 0xff;
        boolean icntv = (flags & 0x40) != 0;
        int size = 3;
        int icnt = 0;
        if (icntv) {
            if (end - pos < 5) {
                return EOS;
            }
            icnt = buf.getShort(pos + 3) & 0xffff;
            size = 5;
        }
        p.setTrig(buf.get(pos + 2) & 0xff, icnt, (flags & 0x80) != 0, icntv, (flags & 0x20) != 0)
                .setSize(size);
        return size;
    }

    private static long read40(ByteBuffer buf, int pos) {
        return (buf.getInt(pos) & 0xffffffffL) | ((buf.get(pos + 4) & 0xffL) << 32);
    }

    private static long read48(ByteBuffer buf, int pos) {
        return (buf.getInt(pos) & 0xffffffffL) | ((buf.getShort(pos + 4) & 0xffffL) << 32);
    }

    private static long read56(ByteBuffer buf, int pos) {
        return read48(buf, pos) | ((buf.get(pos + 6) & 0xffL) << 48);
    }
}
