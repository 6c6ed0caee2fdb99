package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnExtClass;

/**
 * A small direct-mapped memo of decoded instructions by address and mode, so the block
 * decoder's cached path does not run the instruction length decoder again for the same
 * decision point (a taken conditional branch needs its displacement, a direct call is decoded
 * each time it is passed). The owner clears it whenever the memory image or the address space
 * changes. Lookups and inserts allocate nothing.
 *
 * <p>A slot is four {@code long}s side by side (address; mode, size, classes and next-IP
 * status packed; displacement; distance to the next IP), so a lookup touches one cache line:
 * the instruction decoder asks once per instruction.
 */
public final class DecodeMemo {
    private static final int BITS = 12;
    private static final int SIZE = 1 << BITS;
    private static final int MASK = SIZE - 1;
    private static final int WORDS = 4;

    private static final InsnClass[] CLASSES = InsnClass.values();
    private static final InsnExtClass[] EXTS = InsnExtClass.values();

    /*
     * Per slot: [0] the address; [1] the mode's ordinal plus one (bits 0-7, 0 marks an empty
     * slot), the size (8-15), the class (16-23) and finer class (24-31) ordinals, whether
     * direct (bit 32), and the next-IP status (bits 40-63, signed); [2] the displacement;
     * [3] the distance to the next IP.
     */
    private final long[] slots = new long[SIZE * WORDS];

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
        int i = index(ip) * WORDS;
        return slots[i] == ip && (int) (slots[i + 1] & 0xff) == mode.ordinal() + 1 ? i : -1;
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
        int i = index(ip) * WORDS;
        int status = insn.nextIpStatus();
        slots[i] = ip;
        slots[i + 1] = (mode.ordinal() + 1) | (insn.size() & 0xffL) << 8
                | (long) insn.iclass().ordinal() << 16 | (long) insn.extClass().ordinal() << 24
                | (insn.isDirect() ? 1L << 32 : 0) | (long) status << 40;
        slots[i + 2] = insn.displacement();
        slots[i + 3] = status == 0 ? insn.nextIp() - ip : 0;
        return i;
    }

    /** Forgets everything. */
    public void clear() {
        for (int i = 1; i < slots.length; i += WORDS) {
            slots[i] = 0;
        }
    }

    /** The size of the instruction in {@code slot}. */
    public int size(int slot) {
        return (int) (slots[slot + 1] >>> 8) & 0xff;
    }

    /** Its class. */
    public InsnClass iclass(int slot) {
        return CLASSES[(int) (slots[slot + 1] >>> 16) & 0xff];
    }

    /** Its finer class. */
    public InsnExtClass extClass(int slot) {
        return EXTS[(int) (slots[slot + 1] >>> 24) & 0xff];
    }

    /** Whether it is a direct branch. */
    public boolean isDirect(int slot) {
        return (slots[slot + 1] & 1L << 32) != 0;
    }

    /** Its branch displacement (see {@link DecodedInsn#displacement()}). */
    public long displacement(int slot) {
        return slots[slot + 2];
    }

    /**
     * Whether the next IP follows without trace, as {@link DecodedInsn#nextIpStatus()}.
     *
     * @param slot the slot
     * @return 0, {@code -BAD_QUERY} if trace is needed, {@code -BAD_INSN} if not decoded
     */
    public int nextIpStatus(int slot) {
        return (int) (slots[slot + 1] >> 40);
    }

    /** The next IP when {@link #nextIpStatus(int)} is 0, as {@link DecodedInsn#nextIp()}. */
    public long nextIp(int slot) {
        return slots[slot] + slots[slot + 3];
    }
}
