package dev.hindsight.pt.x86;

import static dev.hindsight.pt.x86.internal.IldTables.DISP_FLAT;
import static dev.hindsight.pt.x86.internal.IldTables.DISP_BR8;
import static dev.hindsight.pt.x86.internal.IldTables.DISP_BRANCH_NEAR;
import static dev.hindsight.pt.x86.internal.IldTables.DISP_C7;
import static dev.hindsight.pt.x86.internal.IldTables.DISP_MOFFS;
import static dev.hindsight.pt.x86.internal.IldTables.DISP_Z;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_FLAT;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_0F78;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_16;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_8;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_C7;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_ENTER;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_EVEX_F6;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_EVEX_F7;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_F6;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_F7;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_V;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_WIDTH_FLAT;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_Z;
import static dev.hindsight.pt.x86.internal.IldTables.IMM_Z_DF64;
import static dev.hindsight.pt.x86.internal.IldTables.MODRM_FLAT;
import static dev.hindsight.pt.x86.internal.IldTables.MODRM_FULL;
import static dev.hindsight.pt.x86.internal.IldTables.MODRM_REG_ONLY;
import static dev.hindsight.pt.x86.internal.IldTables.WIDTH_INVALID;
import static dev.hindsight.pt.x86.internal.IldTables.WIDTH_TABLE;

import dev.hindsight.pt.PtError;
import java.util.Objects;

/**
 * The x86 instruction length and class decoder: libipt's {@code pt_ild_decode}.
 *
 * <p>It finds the length of one instruction in 16-, 32- or 64-bit code (legacy prefixes, REX,
 * REX2, VEX, EVEX, ModRM, SIB, displacement and immediates with operand- and address-size
 * overrides and the 64-bit defaults), then classifies it like libipt's
 * {@code pt_instruction_decode}. Like libipt it is a length decoder, not a validator: opcodes the
 * SDM leaves undefined still get a length, and prefixes are accepted in any combination.
 * Stateless and thread-safe; it allocates nothing.
 *
 * <p>Known differences from libipt, both on malformed input only: a REX2 prefix needs its opcode
 * byte within the given length (libipt reads one byte past it), and the buffer is never read past
 * {@code len}.
 */
public final class InsnDecoder {
    /** The longest x86 instruction in bytes (SDM vol. 2, 2.3.11). */
    public static final int MAX_INSN_SIZE = 15;

    /** The map value for an undefined opcode escape ({@code 0F 39}..{@code 0F 3F} except 3A). */
    static final int MAP_INVALID = 8;

    private static final int BAD = -PtError.BAD_INSN.code();

    private static final byte P_OPCODE = 0;
    private static final byte P_OSZ = 1;
    private static final byte P_ASZ = 2;
    private static final byte P_LOCK = 3;
    private static final byte P_F2 = 4;
    private static final byte P_F3 = 5;
    private static final byte P_SEGMENT = 6;
    private static final byte P_REX = 7;
    private static final byte P_VEX2 = 8;
    private static final byte P_VEX3 = 9;
    private static final byte P_EVEX = 10;
    private static final byte P_REX2 = 11;

    /** What each first byte means while scanning prefixes (libipt's {@code prefix_table}). */
    private static final byte[] PREFIX = new byte[256];

    static {
        PREFIX[0x66] = P_OSZ;
        PREFIX[0x67] = P_ASZ;
        PREFIX[0xf0] = P_LOCK;
        PREFIX[0xf2] = P_F2;
        PREFIX[0xf3] = P_F3;
        for (int b : new int[] {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65}) {
            PREFIX[b] = P_SEGMENT;
        }
        for (int b = 0x40; b <= 0x4f; b++) {
            PREFIX[b] = P_REX;
        }
        PREFIX[0xc5] = P_VEX2;
        PREFIX[0xc4] = P_VEX3;
        PREFIX[0x62] = P_EVEX;
        PREFIX[0xd5] = P_REX2;
    }

    private InsnDecoder() {
    }

    /**
     * Decodes the instruction at the start of {@code buf}.
     *
     * @see #decode(byte[], int, int, long, ExecMode, DecodedInsn)
     */
    public static int decode(byte[] buf, int len, long ip, ExecMode mode, DecodedInsn insn) {
        return decode(buf, 0, len, ip, mode, insn);
    }

    /**
     * Decodes one instruction into {@code insn}.
     *
     * <p>At most {@code min(len, 15)} bytes from {@code buf[off]} are examined; fewer bytes than
     * the instruction needs is an error, so pass what memory holds (a short read at the end of a
     * section is how libipt detects truncated instructions).
     *
     * @param buf the memory holding the instruction
     * @param off where the instruction starts in {@code buf}
     * @param len how many bytes from {@code off} are valid
     * @param ip the instruction's address (for branch targets)
     * @param mode the execution mode
     * @param insn the holder to fill; its previous content is overwritten
     * @return the instruction's size (1..15), or {@code -PtError.BAD_INSN.code()} if the bytes are
     *     not a decodable instruction or it does not fit in {@code len} bytes; on error
     *     {@code insn.iclass()} is {@link InsnClass#UNKNOWN}
     */
    public static int decode(byte[] buf, int off, int len, long ip, ExecMode mode,
            DecodedInsn insn) {
        Objects.checkFromIndexSize(off, len, buf.length);
        insn.reset(ip, mode);
        int max = Math.min(len, MAX_INSN_SIZE);
        int size = prefixes(buf, off, max, insn);
        if (size < 0) {
            return size;
        }
        insn.size = size;
        if (InsnClassifier.classify(buf, off, insn) < 0) {
            insn.iclass = InsnClass.UNKNOWN;
            return BAD;
        }
        return size;
    }

    // Legacy prefixes, REX, then the escape to VEX/EVEX/REX2 or the opcode (libipt's prefix_*).
    private static int prefixes(byte[] buf, int off, int max, DecodedInsn insn) {
        boolean is64 = insn.modeBits == 64;
        int rex = 0;
        int length = 0;
        for (;;) {
            if (length >= max) {
                return BAD;
            }
            int b = buf[off + length] & 0xff;
            switch (PREFIX[b]) {
                case P_OSZ:
                    insn.osz = true;
                    break;
                case P_ASZ:
                    insn.asz = true;
                    break;
                case P_LOCK:
                    insn.lock = true;
                    break;
                case P_F2:
                    insn.f2 = true;
                    insn.lastF2F3 = 2;
                    break;
                case P_F3:
                    insn.f3 = true;
                    insn.lastF2F3 = 3;
                    break;
                case P_SEGMENT:
                    break;
                case P_REX:
                    // 40-4F are INC/DEC outside 64-bit mode.
                    if (!is64) {
                        return opcode(buf, off, max, insn, length);
                    }
                    // A REX prefix only counts if it comes last (SDM vol. 2, 2.2.1).
                    rex = b;
                    length++;
                    continue;
                case P_VEX2:
                    return vex2(buf, off, max, insn, length, is64);
                case P_VEX3:
                    return vex3(buf, off, max, insn, length, is64);
                case P_EVEX:
                    return evex(buf, off, max, insn, length, is64);
                case P_REX2:
                    if (!is64) {
                        return opcode(buf, off, max, insn, length);
                    }
                    return rex2(buf, off, max, insn, length);
                default:
                    insn.rexR = (rex >> 2) & 1;
                    insn.rexW = (rex >> 3) & 1;
                    return opcode(buf, off, max, insn, length);
            }
            // A legacy prefix after REX cancels the REX.
            rex = 0;
            length++;
        }
    }

    // VEX pp: the implied 66/F3/F2 prefix.
    private static void impliedPrefix(DecodedInsn insn, int pp) {
        switch (pp) {
            case 1:
                insn.osz = true;
                break;
            case 2:
                insn.f3 = true;
                insn.lastF2F3 = 3;
                break;
            case 3:
                insn.f2 = true;
                insn.lastF2F3 = 2;
                break;
            default:
                break;
        }
    }

    private static int vex2(byte[] buf, int off, int max, DecodedInsn insn, int length,
            boolean is64) {
        if (max <= length + 1) {
            return BAD;
        }
        int p1 = buf[off + length + 1] & 0xff;
        // Outside 64-bit mode, C5 with ModRM.mod != 11 is LDS.
        if (!is64 && (p1 & 0xc0) != 0xc0) {
            return opcode(buf, off, max, insn, length);
        }
        if (max < length + 3) {
            return BAD;
        }
        insn.encoding = DecodedInsn.ENCODING_VEX;
        insn.rexR = (~p1 >> 7) & 1;
        impliedPrefix(insn, p1 & 3);
        insn.map = 1;
        return vexOpcode(buf, off, max, insn, length + 2);
    }

    private static int vex3(byte[] buf, int off, int max, DecodedInsn insn, int length,
            boolean is64) {
        if (max <= length + 1) {
            return BAD;
        }
        int p1 = buf[off + length + 1] & 0xff;
        // Outside 64-bit mode, C4 with ModRM.mod != 11 is LES.
        if (!is64 && (p1 & 0xc0) != 0xc0) {
            return opcode(buf, off, max, insn, length);
        }
        if (max < length + 4) {
            return BAD;
        }
        int p2 = buf[off + length + 2] & 0xff;
        insn.encoding = DecodedInsn.ENCODING_VEX;
        insn.rexR = (~p1 >> 7) & 1;
        insn.rexW = (p2 >> 7) & 1;
        impliedPrefix(insn, p2 & 3);
        int map = p1 & 0x1f;
        insn.map = map;
        if (map >= MAP_INVALID) {
            return BAD;
        }
        return vexOpcode(buf, off, max, insn, length + 3);
    }

    private static int evex(byte[] buf, int off, int max, DecodedInsn insn, int length,
            boolean is64) {
        if (max <= length + 1) {
            return BAD;
        }
        int p1 = buf[off + length + 1] & 0xff;
        // Outside 64-bit mode, 62 with ModRM.mod != 11 is BOUND.
        if (!is64 && (p1 & 0xc0) != 0xc0) {
            return opcode(buf, off, max, insn, length);
        }
        if (max < length + 5) {
            return BAD;
        }
        int p2 = buf[off + length + 2] & 0xff;
        insn.encoding = DecodedInsn.ENCODING_EVEX;
        insn.rexR = ((~p1 >> 7) & 1) | ((~p1 >> 3) & 2);
        insn.rexW = (p2 >> 7) & 1;
        impliedPrefix(insn, p2 & 3);
        insn.map = p1 & 7;
        return vexOpcode(buf, off, max, insn, length + 4);
    }

    private static int rex2(byte[] buf, int off, int max, DecodedInsn insn, int length) {
        // Prefix, payload and opcode byte.
        if (max < length + 3) {
            return BAD;
        }
        int payload = buf[off + length + 1] & 0xff;
        insn.rexR = ((payload >> 5) & 2) | ((payload >> 2) & 1);
        insn.rexW = (payload >> 3) & 1;
        insn.rex2 = true;
        insn.map = payload >> 7;
        return vexOpcode(buf, off, max, insn, length + 2);
    }

    private static int vexOpcode(byte[] buf, int off, int max, DecodedInsn insn, int length) {
        insn.opcode = buf[off + length] & 0xff;
        return modrm(buf, off, max, insn, length + 1);
    }

    // One-byte opcodes, or the 0F / 0F 38 / 0F 3A escapes (libipt's opcode_dec).
    private static int opcode(byte[] buf, int off, int max, DecodedInsn insn, int length) {
        int b = buf[off + length] & 0xff;
        if (b != 0x0f) {
            insn.map = 0;
            insn.opcode = b;
            return modrm(buf, off, max, insn, length + 1);
        }
        length++;
        if (max <= length) {
            return BAD;
        }
        int m = buf[off + length] & 0xff;
        if (m == 0x38) {
            insn.map = 2;
        } else if (m == 0x3a) {
            insn.map = 3;
            insn.imm1Bytes = 1;
        } else if ((m & 0xf8) == 0x38) {
            insn.map = MAP_INVALID;
        } else {
            insn.map = 1;
            insn.opcode = m;
            return modrm(buf, off, max, insn, length + 1);
        }
        length++;
        if (max <= length) {
            return BAD;
        }
        insn.opcode = buf[off + length] & 0xff;
        return modrm(buf, off, max, insn, length + 1);
    }

    private static int modrm(byte[] buf, int off, int max, DecodedInsn insn, int length) {
        int map = insn.map;
        if (map >= MAP_INVALID) {
            return BAD;
        }
        byte kind = MODRM_FLAT[insn.encoding << 11 | map << 8 | insn.opcode];
        if (kind == MODRM_REG_ONLY) {
            if (length >= max) {
                return BAD;
            }
            insn.modrm = buf[off + length] & 0xff;
            return displacement(buf, off, max, insn, length + 1);
        }
        if (kind != MODRM_FULL) {
            return displacement(buf, off, max, insn, length);
        }
        if (length >= max) {
            return BAD;
        }
        int modrm = buf[off + length] & 0xff;
        insn.modrm = modrm;
        int mod = modrm >> 6;
        int rm = modrm & 7;
        int eamode = addressMode(insn);
        if (eamode == 16) {
            // SDM vol. 2, table 2-1.
            insn.dispBytes = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
            return displacement(buf, off, max, insn, length + 1);
        }
        if (eamode == 0) {
            // libipt gives an unknown address size neither displacement nor SIB.
            insn.dispBytes = 0;
            return displacement(buf, off, max, insn, length + 1);
        }
        // SDM vol. 2, tables 2-2 and 2-3.
        insn.dispBytes = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 5) ? 4 : 0;
        if (mod != 3 && rm == 4) {
            length++;
            if (max <= length) {
                return BAD;
            }
            int sib = buf[off + length] & 0xff;
            if ((sib & 7) == 5 && mod == 0) {
                insn.dispBytes = 4;
            }
        }
        return displacement(buf, off, max, insn, length + 1);
    }

    private static int displacement(byte[] buf, int off, int max, DecodedInsn insn, int length) {
        if (insn.encoding == DecodedInsn.ENCODING_LEGACY && insn.dispBytes == 0
                && insn.map <= 1) {
            legacyDisplacement(insn);
        }
        int dispBytes = insn.dispBytes;
        if (dispBytes != 0) {
            if (length + dispBytes > max) {
                return BAD;
            }
            insn.dispPos = length;
            length += dispBytes;
        }
        return immediate(insn, max, length);
    }

    // Displacements that do not come from ModRM: branches and moffs (libipt's compute_legacy_disp).
    private static void legacyDisplacement(DecodedInsn insn) {
        switch (DISP_FLAT[insn.map << 8 | insn.opcode]) {
            case DISP_BR8:
                insn.dispBytes = 1;
                break;
            case DISP_BRANCH_NEAR:
                // Near branches ignore 66 in 64-bit mode on Intel CPUs: always rel32.
                insn.dispBytes = insn.modeBits == 64 ? 4 : zBytes(operandSize(insn));
                break;
            case DISP_MOFFS:
                insn.dispBytes = vBytes(addressSize(insn));
                break;
            case DISP_Z:
                insn.dispBytes = zBytes(operandSize(insn));
                break;
            case DISP_C7:
                // C7 F8 is XBEGIN rel16/32.
                if (insn.map == 0 && reg(insn) == 7) {
                    insn.dispBytes = zBytes(operandSize(insn));
                }
                break;
            default:
                break;
        }
    }

    private static int immediate(DecodedInsn insn, int max, int length) {
        int map = insn.map;
        byte width = IMM_WIDTH_FLAT[insn.encoding << 3 | map];
        if (width == WIDTH_INVALID) {
            return BAD;
        }
        if (width != WIDTH_TABLE) {
            insn.imm1Bytes = width;
        } else {
            tableImmediate(insn, IMM_FLAT[insn.encoding << 11 | map << 8 | insn.opcode]);
        }
        length += insn.imm1Bytes + insn.imm2Bytes;
        return length > max ? BAD : length;
    }

    private static void tableImmediate(DecodedInsn insn, byte kind) {
        switch (kind) {
            case IMM_8:
                insn.imm1Bytes = 1;
                break;
            case IMM_16:
                insn.imm1Bytes = 2;
                break;
            case IMM_Z:
                insn.imm1Bytes = zBytes(operandSize(insn));
                break;
            case IMM_V:
                insn.imm1Bytes = vBytes(operandSize(insn));
                break;
            case IMM_Z_DF64:
                insn.imm1Bytes = zBytes(operandSizeDefault64(insn));
                break;
            case IMM_F6:
                if (insn.map == 0 && reg(insn) < 2) {
                    insn.imm1Bytes = 1;
                }
                break;
            case IMM_F7:
                if (insn.map == 0 && reg(insn) < 2) {
                    insn.imm1Bytes = zBytes(operandSize(insn));
                }
                break;
            case IMM_C7:
                if (insn.map == 0 && reg(insn) == 0) {
                    insn.imm1Bytes = zBytes(operandSize(insn));
                }
                break;
            case IMM_ENTER:
                if (insn.map == 0) {
                    insn.imm1Bytes = 2;
                    insn.imm2Bytes = 1;
                }
                break;
            case IMM_0F78:
                // AMD EXTRQ/INSERTQ (66 or F2) have two imm8; VMREAD has none.
                if (insn.map == 1 && (insn.osz || insn.lastF2F3 == 2)) {
                    insn.imm1Bytes = 1;
                    insn.imm2Bytes = 1;
                }
                break;
            case IMM_EVEX_F6:
                if (reg(insn) < 2) {
                    insn.imm1Bytes = 1;
                }
                break;
            case IMM_EVEX_F7:
                if (reg(insn) < 2) {
                    insn.imm1Bytes = zBytes(operandSize(insn));
                }
                break;
            default:
                break;
        }
    }

    static int reg(DecodedInsn insn) {
        return (insn.modrm >> 3) & 7;
    }

    // Effective operand size in bits (SDM vol. 1, 3.6.1; vol. 2, 2.2.1.2).
    private static int operandSize(DecodedInsn insn) {
        int bits = insn.modeBits;
        if (bits == 64) {
            return insn.rexW != 0 ? 64 : insn.osz ? 16 : 32;
        }
        if (bits == 32) {
            return insn.osz ? 16 : 32;
        }
        return insn.osz ? 32 : 16;
    }

    // As operandSize, for instructions that default to 64 bits in 64-bit mode (PUSH imm).
    private static int operandSizeDefault64(DecodedInsn insn) {
        if (insn.modeBits == 64) {
            return insn.rexW != 0 ? 64 : insn.osz ? 16 : 64;
        }
        return operandSize(insn);
    }

    // Effective address size in bits.
    private static int addressSize(DecodedInsn insn) {
        int bits = insn.modeBits;
        if (bits == 64) {
            return insn.asz ? 32 : 64;
        }
        if (bits == 32) {
            return insn.asz ? 16 : 32;
        }
        return insn.asz ? 32 : 16;
    }

    // The address size ModRM uses; 0 when the mode is unknown (libipt's eamode_table).
    private static int addressMode(DecodedInsn insn) {
        return insn.modeBits == 0 ? 0 : addressSize(insn);
    }

    private static int zBytes(int size) {
        return size == 16 ? 2 : 4;
    }

    private static int vBytes(int size) {
        return size >> 3;
    }
}
