package dev.hindsight.pt.flow;

import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;

/**
 * A sequence of instructions executed one after the other, a mutable holder mirroring libipt's
 * {@code struct pt_block}.
 *
 * <p>The instructions of a block lie in one image section and are reached from {@link #ip()}
 * without trace: each one's successor is the next instruction or the target of a direct jump or
 * call, so a reader can walk them from the image. {@link BlockDecoder#next(Block)} overwrites the
 * holder on every call.
 */
public final class Block {
    private static final InsnClass[] CLASSES = InsnClass.values();
    private static final int UNKNOWN = InsnClass.UNKNOWN.ordinal();

    final byte[] raw = new byte[Insn.MAX_SIZE];
    long ip;
    long endIp;
    int isid;
    ExecMode mode = ExecMode.UNKNOWN;
    // The ordinal of the last instruction's class: set at the end of every block, and an int
    // store costs no GC write barrier where an enum store does.
    private int iclass = UNKNOWN;
    int ninsn;
    int size;
    boolean speculative;
    boolean truncated;

    /** The address of the first instruction (where it would have been if the block is empty). */
    public long ip() {
        return ip;
    }

    /** The address of the last instruction. */
    public long endIp() {
        return endIp;
    }

    /** The image section identifier of all instructions (0 if none). */
    public int isid() {
        return isid;
    }

    /** The execution mode of all instructions. */
    public ExecMode mode() {
        return mode;
    }

    /** The class of the last instruction, {@link InsnClass#UNKNOWN} if not known. */
    public InsnClass iclass() {
        return CLASSES[iclass];
    }

    /** Sets the class of the last instruction. */
    void iclass(InsnClass value) {
        iclass = value.ordinal();
    }

    /** The number of instructions, possibly 0. */
    public int ninsn() {
        return ninsn;
    }

    /** Whether the instructions executed speculatively inside a transaction (TSX). */
    public boolean speculative() {
        return speculative;
    }

    /**
     * Whether the last instruction spans two image sections; its bytes are then in
     * {@link #raw()} and {@link #size()}.
     */
    public boolean truncated() {
        return truncated;
    }

    /** The size of a {@link #truncated()} last instruction, else 0. */
    public int size() {
        return size;
    }

    /** The bytes of a {@link #truncated()} last instruction. Do not modify. */
    public byte[] raw() {
        return raw;
    }

    /**
     * Fills every field at once: for decoders outside this package, such as the libipt backend,
     * that produce the same blocks.
     *
     * @param raw the last instruction's bytes ({@code size} of them are copied)
     */
    public void set(long ip, long endIp, int isid, ExecMode mode, InsnClass iclass, int ninsn,
            byte[] raw, int size, boolean speculative, boolean truncated) {
        System.arraycopy(raw, 0, this.raw, 0, size);
        this.ip = ip;
        this.endIp = endIp;
        this.isid = isid;
        this.mode = mode;
        this.iclass = iclass.ordinal();
        this.ninsn = ninsn;
        this.size = size;
        this.speculative = speculative;
        this.truncated = truncated;
    }

    /** Resets every field, as libipt's {@code memset(block, 0, ...)}. */
    void clear() {
        start(0, ExecMode.UNKNOWN, false);
    }

    /**
     * Resets every field, as libipt's {@code memset(block, 0, ...)}, and starts the block at
     * {@code startIp} in {@code startMode}: what {@link BlockDecoder#next(Block)} does first for
     * every block. Reference fields are stored only if they change (the mode rarely does), since
     * each reference store costs a GC barrier.
     */
    void start(long startIp, ExecMode startMode, boolean startSpeculative) {
        ip = startIp;
        endIp = 0;
        isid = 0;
        if (mode != startMode) {
            mode = startMode;
        }
        iclass = UNKNOWN;
        ninsn = 0;
        size = 0;
        speculative = startSpeculative;
        truncated = false;
    }

    /** Makes this a copy of {@code o}. */
    void copyFrom(Block o) {
        System.arraycopy(o.raw, 0, raw, 0, raw.length);
        ip = o.ip;
        endIp = o.endIp;
        isid = o.isid;
        mode = o.mode;
        iclass = o.iclass;
        ninsn = o.ninsn;
        size = o.size;
        speculative = o.speculative;
        truncated = o.truncated;
    }

    @Override
    public String toString() {
        return String.format("Block[ip=%x, end=%x, ninsn=%d, %s, %s%s]", ip, endIp, ninsn,
                iclass(), mode, speculative ? ", speculative" : "");
    }
}
