package dev.hindsight.pt.x86;

import dev.hindsight.pt.PtError;

/**
 * A decoded instruction: a mutable holder that {@link InsnDecoder} fills.
 *
 * <p>It carries what libipt keeps in {@code struct pt_insn} (ip, mode, size, iclass) and in
 * {@code struct pt_insn_ext} (the finer class and, for direct branches, the displacement), plus
 * a few encoding facts (map, opcode, ModRM) for diagnostics. The caller owns it and may reuse
 * it for every instruction; each decode overwrites all fields, so copy what must be kept.
 * Not thread-safe.
 */
public final class DecodedInsn {
    /** Encoding: legacy (no VEX/EVEX). */
    public static final int ENCODING_LEGACY = 0;
    /** Encoding: VEX (C4/C5). */
    public static final int ENCODING_VEX = 1;
    /** Encoding: EVEX (62). */
    public static final int ENCODING_EVEX = 2;

    // Results.
    long ip;
    ExecMode mode = ExecMode.UNKNOWN;
    int modeBits;
    int size;
    InsnClass iclass = InsnClass.UNKNOWN;
    InsnExtClass extClass = InsnExtClass.INVALID;
    boolean direct;
    long displacement;

    // Decode state (libipt's struct pt_ild), kept here so decoding allocates nothing.
    boolean osz;
    boolean asz;
    boolean lock;
    boolean f2;
    boolean f3;
    int lastF2F3;
    boolean rex2;
    int rexR;
    int rexW;
    int imm1Bytes;
    int imm2Bytes;
    int dispBytes;
    int dispPos;
    int modrm;
    int encoding;
    int map;
    int opcode;

    /** Creates an empty holder; {@link #iclass()} is {@link InsnClass#UNKNOWN} until decoded. */
    public DecodedInsn() {
    }

    /**
     * Makes this a copy of {@code other}, results and decode state, so a memo of decoded
     * instructions can hand one out again without decoding it.
     *
     * @param other the instruction to copy
     * @return this
     */
    public DecodedInsn copyFrom(DecodedInsn other) {
        ip = other.ip;
        if (mode != other.mode) {
            mode = other.mode;
        }
        modeBits = other.modeBits;
        size = other.size;
        // Reference stores cost a GC barrier each: skip the unchanged ones.
        if (iclass != other.iclass) {
            iclass = other.iclass;
        }
        if (extClass != other.extClass) {
            extClass = other.extClass;
        }
        direct = other.direct;
        displacement = other.displacement;
        osz = other.osz;
        asz = other.asz;
        lock = other.lock;
        f2 = other.f2;
        f3 = other.f3;
        lastF2F3 = other.lastF2F3;
        rex2 = other.rex2;
        rexR = other.rexR;
        rexW = other.rexW;
        imm1Bytes = other.imm1Bytes;
        imm2Bytes = other.imm2Bytes;
        dispBytes = other.dispBytes;
        dispPos = other.dispPos;
        modrm = other.modrm;
        encoding = other.encoding;
        map = other.map;
        opcode = other.opcode;
        return this;
    }

    void reset(long ip, ExecMode mode) {
        this.ip = ip;
        this.mode = mode;
        modeBits = mode.bits();
        size = 0;
        iclass = InsnClass.UNKNOWN;
        extClass = InsnExtClass.INVALID;
        direct = false;
        displacement = 0;
        osz = false;
        asz = false;
        lock = false;
        f2 = false;
        f3 = false;
        lastF2F3 = 0;
        rex2 = false;
        rexR = 0;
        rexW = 0;
        imm1Bytes = 0;
        imm2Bytes = 0;
        dispBytes = 0;
        dispPos = 0;
        modrm = 0;
        encoding = ENCODING_LEGACY;
        map = InsnDecoder.MAP_INVALID;
        opcode = 0;
    }

    /** The address of the instruction. */
    public long ip() {
        return ip;
    }

    /** The execution mode it was decoded in. */
    public ExecMode mode() {
        return mode;
    }

    /** The length in bytes (1 to 15), or 0 if decoding failed before the length was known. */
    public int size() {
        return size;
    }

    /** The coarse class; {@link InsnClass#UNKNOWN} if decoding failed. */
    public InsnClass iclass() {
        return iclass;
    }

    /** The finer class; {@link InsnExtClass#INVALID} for instructions the flow does not care about. */
    public InsnExtClass extClass() {
        return extClass;
    }

    /** Whether this is a direct branch with a displacement in the instruction. */
    public boolean isDirect() {
        return direct;
    }

    /**
     * The branch displacement of a direct branch, relative to the next instruction; for
     * {@link InsnExtClass#JMPABS} the absolute target. Zero for other instructions.
     */
    public long displacement() {
        return displacement;
    }

    /**
     * The target of a direct branch: {@code ip + size + displacement}, or the absolute address
     * of a JMPABS.
     *
     * @throws IllegalStateException if this is not a direct branch
     */
    public long target() {
        if (!direct) {
            throw new IllegalStateException("not a direct branch");
        }
        return extClass == InsnExtClass.JMPABS ? displacement : ip + size + displacement;
    }

    /**
     * Whether the next instruction's address follows without trace, as libipt's
     * {@code pt_insn_next_ip}: for non-branches, PTWRITE and direct near calls and jumps
     * (except JMPABS, which gets a TIP).
     *
     * @return 0 if {@link #nextIp()} is valid, {@code -PtError.BAD_QUERY.code()} if trace is
     *     needed, {@code -PtError.BAD_INSN.code()} if the instruction was not decoded
     */
    public int nextIpStatus() {
        switch (iclass) {
            case OTHER, PTWRITE:
                return 0;
            case JUMP:
                if (extClass == InsnExtClass.JMPABS) {
                    return -PtError.BAD_QUERY.code();
                }
                return direct ? 0 : -PtError.BAD_QUERY.code();
            case CALL:
                return direct ? 0 : -PtError.BAD_QUERY.code();
            case UNKNOWN:
                return -PtError.BAD_INSN.code();
            default:
                return -PtError.BAD_QUERY.code();
        }
    }

    /** The address of the next instruction; valid when {@link #nextIpStatus()} is 0. */
    public long nextIp() {
        long next = ip + size;
        return (iclass == InsnClass.CALL || iclass == InsnClass.JUMP) && direct
                ? next + displacement : next;
    }

    /** Whether it binds to a PIP packet (libipt's {@code pt_insn_binds_to_pip}). */
    public boolean bindsToPip() {
        switch (extClass) {
            case MOV_CR3, VMLAUNCH, VMRESUME:
                return true;
            default:
                return iclass.isFarBranch();
        }
    }

    /** Whether it binds to a VMCS packet (libipt's {@code pt_insn_binds_to_vmcs}). */
    public boolean bindsToVmcs() {
        switch (extClass) {
            case VMPTRLD, VMLAUNCH, VMRESUME:
                return true;
            default:
                return iclass.isFarBranch();
        }
    }

    /** The opcode map: 0 one-byte, 1 {@code 0F}, 2 {@code 0F 38}, 3 {@code 0F 3A}, 4-7 VEX/EVEX maps. */
    public int map() {
        return map;
    }

    /** The opcode byte within its map. */
    public int opcode() {
        return opcode;
    }

    /** The ModRM byte, 0 if the instruction has none. */
    public int modrm() {
        return modrm;
    }

    /** The encoding: {@link #ENCODING_LEGACY}, {@link #ENCODING_VEX} or {@link #ENCODING_EVEX}. */
    public int encoding() {
        return encoding;
    }

    /** Whether an APX REX2 prefix ({@code D5}) was used. */
    public boolean hasRex2() {
        return rex2;
    }

    @Override
    public String toString() {
        return String.format("%016x size=%d %s/%s%s", ip, size, iclass, extClass,
                direct ? String.format(" target=%x", target()) : "");
    }
}
