package dev.hindsight.pt.flow;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;

/**
 * One executed instruction, a mutable holder mirroring libipt's {@code struct pt_insn}.
 *
 * <p>{@link InsnDecoder#next(Insn)} overwrites it on every call; copy what must be kept. The
 * first {@link #size()} bytes of {@link #raw()} are the instruction's bytes.
 */
public final class Insn {
    private static final InsnClass[] CLASSES = InsnClass.values();
    private static final int UNKNOWN = InsnClass.UNKNOWN.ordinal();

    /** The maximal length of an x86 instruction in bytes. */
    public static final int MAX_SIZE = 15;

    final byte[] raw = new byte[MAX_SIZE];
    long ip;
    int isid;
    ExecMode mode = ExecMode.UNKNOWN;
    // The class's ordinal: set for every instruction, and an int store costs no GC write
    // barrier where an enum store does.
    private int iclass = UNKNOWN;
    int size;
    boolean speculative;
    boolean truncated;

    /** The virtual address of the instruction. */
    public long ip() {
        return ip;
    }

    /** The image section identifier the instruction was read from (0 if none). */
    public int isid() {
        return isid;
    }

    /** The execution mode it was decoded in. */
    public ExecMode mode() {
        return mode;
    }

    /** Its coarse class, {@link InsnClass#UNKNOWN} if it could not be decoded. */
    public InsnClass iclass() {
        return CLASSES[iclass];
    }

    /** Sets the instruction class. */
    void iclass(InsnClass value) {
        iclass = value.ordinal();
    }

    /** Its length in bytes. */
    public int size() {
        return size;
    }

    /** The instruction bytes; only the first {@link #size()} are valid. Do not modify. */
    public byte[] raw() {
        return raw;
    }

    /** Whether it executed speculatively inside a transaction (TSX). */
    public boolean speculative() {
        return speculative;
    }

    /** Whether its bytes span two image sections. */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Fills every field at once: for decoders outside this package, such as the libipt backend,
     * that produce the same instructions.
     *
     * @param raw the instruction's bytes ({@code size} of them are copied)
     */
    public void set(long ip, int isid, ExecMode mode, InsnClass iclass, byte[] raw, int size,
            boolean speculative, boolean truncated) {
        System.arraycopy(raw, 0, this.raw, 0, size);
        this.ip = ip;
        this.isid = isid;
        this.mode = mode;
        this.iclass = iclass.ordinal();
        this.size = size;
        this.speculative = speculative;
        this.truncated = truncated;
    }

    /** Resets every field, as libipt's {@code memset(insn, 0, ...)}. */
    void clear() {
        ip = 0;
        isid = 0;
        // Reference stores cost a GC barrier each; most of the time the value is unchanged.
        if (mode != ExecMode.UNKNOWN) {
            mode = ExecMode.UNKNOWN;
        }
        iclass = UNKNOWN;
        size = 0;
        speculative = false;
        truncated = false;
    }

    /** Makes this a copy of {@code o}. */
    void copyFrom(Insn o) {
        System.arraycopy(o.raw, 0, raw, 0, MAX_SIZE);
        ip = o.ip;
        isid = o.isid;
        mode = o.mode;
        iclass = o.iclass;
        size = o.size;
        speculative = o.speculative;
        truncated = o.truncated;
    }

    @Override
    public String toString() {
        return String.format("Insn[ip=%x, size=%d, %s, %s%s]", ip, size, iclass(), mode,
                speculative ? ", speculative" : "");
    }
}
