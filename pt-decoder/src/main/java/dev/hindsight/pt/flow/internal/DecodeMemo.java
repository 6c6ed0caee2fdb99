package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnExtClass;
import java.util.Arrays;

/**
 * A small direct-mapped memo of decoded instructions by address and mode, so the block
 * decoder's cached path does not run the instruction length decoder again for the same
 * decision point (a taken conditional branch needs its displacement, a direct call is decoded
 * each time it is passed). The owner clears it whenever the memory image or the address space
 * changes. Lookups and inserts allocate nothing.
 */
public final class DecodeMemo {
    private static final int BITS = 12;
    private static final int SIZE = 1 << BITS;
    private static final int MASK = SIZE - 1;

    private final long[] ips = new long[SIZE];
    // The execution mode's ordinal plus one; 0 marks an empty slot.
    private final byte[] modes = new byte[SIZE];
    private final byte[] sizes = new byte[SIZE];
    private final InsnClass[] classes = new InsnClass[SIZE];
    private final InsnExtClass[] exts = new InsnExtClass[SIZE];
    private final boolean[] directs = new boolean[SIZE];
    private final long[] disps = new long[SIZE];
    // Precomputed at insert: the next-IP status and the distance to the next IP.
    private final int[] nextStatus = new int[SIZE];
    private final long[] nextDelta = new long[SIZE];

    private static int index(long ip) {
        return (int) (ip ^ (ip >>> BITS) ^ (ip >>> (2 * BITS))) & MASK;
    }

    /**
     * The slot of the instruction at {@code ip} decoded in {@code mode}.
     *
     * @param ip the address
     * @param mode the execution mode
     * @return the slot, or -1 if not memoized
     */
    public int find(long ip, ExecMode mode) {
        int i = index(ip);
        return ips[i] == ip && modes[i] == mode.ordinal() + 1 ? i : -1;
    }

    /**
     * Memoizes a decoded instruction, replacing whatever shared its slot.
     *
     * @param ip the address
     * @param mode the execution mode
     * @param insn the decoded instruction
     * @return its slot
     */
    public int put(long ip, ExecMode mode, DecodedInsn insn) {
        int i = index(ip);
        ips[i] = ip;
        modes[i] = (byte) (mode.ordinal() + 1);
        sizes[i] = (byte) insn.size();
        classes[i] = insn.iclass();
        exts[i] = insn.extClass();
        directs[i] = insn.isDirect();
        disps[i] = insn.displacement();
        nextStatus[i] = insn.nextIpStatus();
        nextDelta[i] = nextStatus[i] == 0 ? insn.nextIp() - ip : 0;
        return i;
    }

    /** Forgets everything. */
    public void clear() {
        Arrays.fill(modes, (byte) 0);
    }

    /** The size of the instruction in {@code slot}. */
    public int size(int slot) {
        return sizes[slot];
    }

    /** Its class. */
    public InsnClass iclass(int slot) {
        return classes[slot];
    }

    /** Its finer class. */
    public InsnExtClass extClass(int slot) {
        return exts[slot];
    }

    /** Whether it is a direct branch. */
    public boolean isDirect(int slot) {
        return directs[slot];
    }

    /** Its branch displacement (see {@link DecodedInsn#displacement()}). */
    public long displacement(int slot) {
        return disps[slot];
    }

    /**
     * Whether the next IP follows without trace, as {@link DecodedInsn#nextIpStatus()}.
     *
     * @param slot the slot
     * @return 0, {@code -BAD_QUERY} if trace is needed, {@code -BAD_INSN} if not decoded
     */
    public int nextIpStatus(int slot) {
        return nextStatus[slot];
    }

    /** The next IP when {@link #nextIpStatus(int)} is 0, as {@link DecodedInsn#nextIp()}. */
    public long nextIp(int slot) {
        return ips[slot] + nextDelta[slot];
    }
}
