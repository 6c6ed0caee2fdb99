package dev.hindsight.pt.x86.internal;

/**
 * Per-opcode tables of the instruction length decoder: ModRM presence, immediate and
 * displacement kinds.
 *
 * <p>The facts are those of libipt's generated {@code pti-modrm.h}, {@code pti-imm.h} and
 * {@code pti-disp.h} (themselves derived from XED), re-encoded here as one character per opcode,
 * 16 opcodes per string, so a row reads like the opcode map in SDM volume 2, appendix A.
 * Entries libipt marks "undefined" are stored as "no ModRM", which is how libipt treats them.
 */
public final class IldTables {

    /** ModRM kind: no ModRM byte. */
    public static final byte MODRM_NONE = 0;
    /** ModRM kind: a ModRM byte with the usual memory forms. */
    public static final byte MODRM_FULL = 1;
    /** ModRM kind: a ModRM byte always read as a register form (MOV to/from CR/DR). */
    public static final byte MODRM_REG_ONLY = 2;

    /** Immediate kind: none. */
    public static final byte IMM_NONE = 0;
    /** Immediate kind: 8 bits. */
    public static final byte IMM_8 = 1;
    /** Immediate kind: 16 bits. */
    public static final byte IMM_16 = 2;
    /** Immediate kind: z-sized (2 or 4 bytes by effective operand size). */
    public static final byte IMM_Z = 3;
    /** Immediate kind: v-sized (2, 4 or 8 bytes by effective operand size). */
    public static final byte IMM_V = 4;
    /** Immediate kind: z-sized with a 64-bit default operand size (PUSH imm). */
    public static final byte IMM_Z_DF64 = 5;
    /** Immediate kind: F6 group, imm8 for /0 and /1 (TEST). */
    public static final byte IMM_F6 = 6;
    /** Immediate kind: F7 group, immz for /0 and /1 (TEST). */
    public static final byte IMM_F7 = 7;
    /** Immediate kind: C7 group, immz for /0 (MOV). */
    public static final byte IMM_C7 = 8;
    /** Immediate kind: ENTER, imm16 then imm8. */
    public static final byte IMM_ENTER = 9;
    /** Immediate kind: 0F 78, two imm8 with 66 or F2 (AMD EXTRQ/INSERTQ), none otherwise (VMREAD). */
    public static final byte IMM_0F78 = 10;
    /** Immediate kind: EVEX map 4 F6 group, imm8 for /0 and /1. */
    public static final byte IMM_EVEX_F6 = 11;
    /** Immediate kind: EVEX map 4 F7 group, immz for /0 and /1. */
    public static final byte IMM_EVEX_F7 = 12;

    /** Displacement kind: none beyond what ModRM/SIB give. */
    public static final byte DISP_NONE = 0;
    /** Displacement kind: 8-bit branch displacement. */
    public static final byte DISP_BR8 = 1;
    /** Displacement kind: near CALL/JMP/Jcc rel: z-sized, but always 4 bytes in 64-bit mode. */
    public static final byte DISP_BRANCH_NEAR = 2;
    /** Displacement kind: moffs, v-sized by effective address size (MOV A0-A3). */
    public static final byte DISP_MOFFS = 3;
    /** Displacement kind: z-sized by effective operand size (far pointer offset). */
    public static final byte DISP_Z = 4;
    /** Displacement kind: C7 group, z-sized for /7 (XBEGIN) when ModRM gave none. */
    public static final byte DISP_C7 = 5;

    private static final int MAPS = 8;

    /** Marks a map whose immediate width is not defined: decoding fails (libipt width 0xff). */
    public static final byte WIDTH_INVALID = -1;
    /** Marks a map whose immediate width comes from a per-opcode table. */
    public static final byte WIDTH_TABLE = -2;

    private static final String ALL_NONE = "0000000000000000".repeat(16);

    // ModRM presence, legacy map 0 (one-byte opcodes). F = none, T = full, I = register only.
    private static final String MODRM_MAP0 = ""
            + "TTTTFFFFTTTTFFFF" // 0x
            + "TTTTFFFFTTTTFFFF" // 1x
            + "TTTTFFFFTTTTFFFF" // 2x
            + "TTTTFFFFTTTTFFFF" // 3x
            + "FFFFFFFFFFFFFFFF" // 4x
            + "FFFFFFFFFFFFFFFF" // 5x
            + "FFTTFFFFFTFTFFFF" // 6x
            + "FFFFFFFFFFFFFFFF" // 7x
            + "TTTTTTTTTTTTTTTT" // 8x
            + "FFFFFFFFFFFFFFFF" // 9x
            + "FFFFFFFFFFFFFFFF" // Ax
            + "FFFFFFFFFFFFFFFF" // Bx
            + "TTFFTTTTFFFFFFFF" // Cx
            + "TTTTFFFFTTTTTTTT" // Dx
            + "FFFFFFFFFFFFFFFF" // Ex
            + "FFFFFFTTFFFFFFTT"; // Fx

    // ModRM presence, map 1 (0F xx); legacy and VEX agree on every defined entry.
    private static final String MODRM_MAP1 = ""
            + "TTTTFFFFFFFFFTFF" // 0x
            + "TTTTTTTTTTTTTTTT" // 1x
            + "IIIIFFFFTTTTTTTT" // 2x
            + "FFFFFFFFFFFFFFFF" // 3x
            + "TTTTTTTTTTTTTTTT" // 4x
            + "TTTTTTTTTTTTTTTT" // 5x
            + "TTTTTTTTTTTTTTTT" // 6x
            + "TTTTTTTFTTFFTTTT" // 7x
            + "FFFFFFFFFFFFFFFF" // 8x
            + "TTTTTTTTTTTTTTTT" // 9x
            + "FFFTTTIIFFFTTTTT" // Ax
            + "TTTTTTTTTTTTTTTT" // Bx
            + "TTTTTTTTFFFFFFFF" // Cx
            + "TTTTTTTTTTTTTTTT" // Dx
            + "TTTTTTTTTTTTTTTT" // Ex
            + "TTTTTTTTTTTTTTTT"; // Fx

    // Immediates. 0 none, 1 imm8, 2 imm16, z immz, v immv, p immz (df64), F/G F6/F7 groups,
    // C C7 group, E ENTER, X 0F78, f/g EVEX map 4 F6/F7 groups.
    private static final String IMM_MAP0 = ""
            + "00001z0000001z00" // 0x
            + "00001z0000001z00" // 1x
            + "00001z0000001z00" // 2x
            + "00001z0000001z00" // 3x
            + "0000000000000000" // 4x
            + "0000000000000000" // 5x
            + "00000000pz110000" // 6x
            + "0000000000000000" // 7x
            + "1z11000000000000" // 8x
            + "0000000000200000" // 9x
            + "000000001z000000" // Ax
            + "11111111vvvvvvvv" // Bx
            + "1120001CE0200100" // Cx
            + "0000110000000000" // Dx
            + "0000111100200000" // Ex
            + "000000FG00000000"; // Fx

    private static final String IMM_LEGACY_MAP1 = ""
            + "0000000000000000".repeat(7)
            + "11110000X0000000" // 7x
            + "0000000000000000" // 8x
            + "0000000000000000" // 9x
            + "0000100000001000" // Ax
            + "0000000000100000" // Bx
            + "0010111000000000" // Cx
            + "0000000000000000".repeat(3);

    private static final String IMM_VEX_MAP1 = ""
            + "0000000000000000".repeat(7)
            + "1111000000000000" // 7x
            + "0000000000000000".repeat(4)
            + "0010111000000000" // Cx
            + "0000000000000000".repeat(3);

    private static final String IMM_EVEX_MAP4 = ""
            + "0000000000000000" // 0x
            + "0000000000000000" // 1x
            + "0000100000001000" // 2x
            + "0000000000000000" // 3x
            + "0000000000000000" // 4x
            + "0000000000000000" // 5x
            + "000000000z010000" // 6x
            + "0000000000000000" // 7x
            + "1z01000000000000" // 8x
            + "0000000000000000".repeat(3)
            + "1100000000000000" // Cx
            + "0000100000000000" // Dx
            + "0000000000000000" // Ex
            + "000000fg00000000"; // Fx

    // Displacements of legacy maps 0 and 1. - none, 1 rel8, B near branch, V moffs, Z z-sized,
    // C C7 group.
    private static final String DISP_MAP0 = ""
            + "----------------".repeat(7)
            + "1111111111111111" // 7x
            + "----------------" // 8x
            + "----------Z-----" // 9x
            + "VVVV------------" // Ax
            + "----------------" // Bx
            + "-------C--------" // Cx
            + "----------------" // Dx
            + "1111----BBZ1----" // Ex
            + "----------------"; // Fx

    private static final String DISP_MAP1 = ""
            + "----------------".repeat(8)
            + "BBBBBBBBBBBBBBBB" // 8x
            + "----------------".repeat(7);

    // ModRM kind per [encoding][map][opcode]; encoding 0 legacy, 1 VEX, 2 EVEX.
    private static final byte[][][] MODRM = new byte[3][MAPS][];
    // Immediate kind per [encoding][map][opcode] where IMM_WIDTH is WIDTH_TABLE.
    private static final byte[][][] IMM = new byte[3][MAPS][];
    // Fixed immediate width in bytes per [encoding][map], or WIDTH_TABLE / WIDTH_INVALID.
    private static final byte[][] IMM_WIDTH = {
        // Legacy: maps 2..7 have fixed widths; 0F 3A (map 3) always has imm8.
        {WIDTH_TABLE, WIDTH_TABLE, 0, 1, 1, 0, 0, 0},
        // VEX: map 0 is undefined; map 7 (e.g. URDMSR) has imm32.
        {WIDTH_INVALID, WIDTH_TABLE, 0, 1, 0, 0, 0, 4},
        // EVEX: map 0 is undefined; map 4 (APX promoted legacy) has its own table.
        {WIDTH_INVALID, WIDTH_TABLE, 0, 1, WIDTH_TABLE, 0, 0, 4},
    };
    // Displacement kind per [map][opcode] for legacy maps 0 and 1.
    private static final byte[][] DISP = new byte[2][];

    /**
     * ModRM kind, index {@code encoding << 11 | map << 8 | opcode}; encoding 0 legacy, 1 VEX,
     * 2 EVEX. Flat arrays save the JIT two dereferences per lookup.
     */
    public static final byte[] MODRM_FLAT = new byte[3 << 11];
    /** Immediate kind where the width is WIDTH_TABLE, index {@code encoding << 11 | map << 8 | opcode}. */
    public static final byte[] IMM_FLAT = new byte[3 << 11];
    /** Displacement kind of legacy maps 0 and 1, index {@code map << 8 | opcode}. */
    public static final byte[] DISP_FLAT = new byte[2 << 8];
    /** Fixed immediate width in bytes, or WIDTH_TABLE / WIDTH_INVALID; index {@code encoding << 3 | map}. */
    public static final byte[] IMM_WIDTH_FLAT = new byte[3 << 3];

    static {
        byte[] full = fill(MODRM_FULL);
        byte[] none = fill(MODRM_NONE);
        byte[] map1 = parseModrm(MODRM_MAP1);
        byte[][] legacy = {parseModrm(MODRM_MAP0), map1, full, full, full, none, none, none};
        byte[][] vex = {none, map1, full, full, none, none, none, full};
        byte[][] evex = {none, full, full, full, full, full, full, full};
        MODRM[0] = legacy;
        MODRM[1] = vex;
        MODRM[2] = evex;

        byte[] immNone = parseImm(ALL_NONE);
        IMM[0] = new byte[][] {parseImm(IMM_MAP0), parseImm(IMM_LEGACY_MAP1),
            immNone, immNone, immNone, immNone, immNone, immNone};
        byte[] vexMap1 = parseImm(IMM_VEX_MAP1);
        IMM[1] = new byte[][] {immNone, vexMap1, immNone, immNone, immNone, immNone, immNone,
            immNone};
        IMM[2] = new byte[][] {immNone, vexMap1, immNone, immNone, parseImm(IMM_EVEX_MAP4),
            immNone, immNone, immNone};

        DISP[0] = parseDisp(DISP_MAP0);
        DISP[1] = parseDisp(DISP_MAP1);

        for (int enc = 0; enc < 3; enc++) {
            for (int map = 0; map < MAPS; map++) {
                System.arraycopy(MODRM[enc][map], 0, MODRM_FLAT, enc << 11 | map << 8, 256);
                System.arraycopy(IMM[enc][map], 0, IMM_FLAT, enc << 11 | map << 8, 256);
                IMM_WIDTH_FLAT[enc << 3 | map] = IMM_WIDTH[enc][map];
            }
        }
        System.arraycopy(DISP[0], 0, DISP_FLAT, 0, 256);
        System.arraycopy(DISP[1], 0, DISP_FLAT, 256, 256);
    }

    private IldTables() {
    }

    private static byte[] fill(byte value) {
        byte[] table = new byte[256];
        java.util.Arrays.fill(table, value);
        return table;
    }

    private static byte[] parseModrm(String s) {
        return parse(s, "FTI");
    }

    private static byte[] parseImm(String s) {
        return parse(s, "012zvpFGCEXfg");
    }

    private static byte[] parseDisp(String s) {
        return parse(s, "-1BVZC");
    }

    private static byte[] parse(String s, String alphabet) {
        if (s.length() != 256) {
            throw new IllegalStateException("table has " + s.length() + " entries, not 256");
        }
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            int v = alphabet.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalStateException("bad table entry '" + s.charAt(i) + "' at " + i);
            }
            table[i] = (byte) v;
        }
        return table;
    }
}
