package dev.hindsight.pt.flow;

import dev.hindsight.pt.flow.internal.ReturnStack;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import java.util.Arrays;

/**
 * The outcomes of the block decoder's walks to an event IP without trace
 * ({@code pt_blk_proceed_to_ip}), by start IP, target IP and execution mode: the walk from one
 * IP to another through the same image always takes the same instructions, so a repeated walk
 * (mruby: 14.5 k disable events on a few hundred ways) is replayed from here instead of stepping
 * through the instructions again.
 *
 * <p>An outcome holds what the walk changed: how many instructions it added to the block, the
 * block's section id, last instruction address and class, the IP after the walk, the return
 * addresses of the calls it passed, its status and, when it stopped at an instruction whose
 * successor needs trace, that instruction (the decoder's {@code cur}). Only walks that ended by
 * themselves are recorded (the target reached, a block-ending instruction or one needing trace),
 * never ones cut short by a full block, a section change or an error, since those depend on more
 * than the two IPs. The memo forgets everything when the image changes ({@link
 * Image#generation()}) or another image or address space is used. Unlike the block cache it
 * decides nothing: a hit gives what the walk gives.
 */
final class WayMemo {
    /** The most calls a recorded walk may pass. */
    static final int MAX_PUSHES = 4;

    private static final int BITS = 9;
    private static final int SIZE = 1 << BITS;
    private static final int MASK = SIZE - 1;
    private static final InsnClass[] CLASSES = InsnClass.values();

    private final long[] starts = new long[SIZE];
    private final long[] targets = new long[SIZE];
    // The mode's ordinal plus one; 0 marks an empty slot.
    private final byte[] modes = new byte[SIZE];
    private final int[] statuses = new int[SIZE];
    private final int[] counts = new int[SIZE];
    private final int[] isids = new int[SIZE];
    private final byte[] iclasses = new byte[SIZE];
    private final long[] endIps = new long[SIZE];
    private final long[] nextIps = new long[SIZE];
    private final byte[] npushes = new byte[SIZE];
    private final long[] pushes = new long[SIZE * MAX_PUSHES];
    private final boolean[] hasLast = new boolean[SIZE];
    private final Insn[] lastInsns = new Insn[SIZE];
    private final DecodedInsn[] lastExts = new DecodedInsn[SIZE];

    // What the outcomes were read from.
    private Image image;
    private Asid asid;
    private long generation;

    private static int index(long start, long target) {
        long h = (start ^ (target * 0x9e3779b97f4a7c15L));
        return (int) (h ^ (h >>> 17) ^ (h >>> 37)) & MASK;
    }

    /**
     * The slot of the walk from {@code start} to {@code target} in {@code mode} through
     * {@code image} in {@code asid}.
     *
     * @return the slot, or -1 if not recorded
     */
    int find(Image img, Asid as, long start, long target, ExecMode mode) {
        if (img != image || as != asid || img.generation() != generation) {
            reset(img, as);
            return -1;
        }
        int i = index(start, target);
        return starts[i] == start && targets[i] == target && modes[i] == mode.ordinal() + 1
                ? i : -1;
    }

    /**
     * Records a walk's outcome, replacing whatever shared its slot.
     *
     * @param retstack where the walk pushed {@code npush} return addresses (at its top)
     * @param last the instruction the walk stopped at (with {@code lastExt}), or null if it did
     *     not change the decoder's {@code cur}
     */
    void put(Image img, Asid as, long start, long target, ExecMode mode, int status, int count,
            Block block, long nextIp, ReturnStack retstack,
            int npush, Insn last, DecodedInsn lastExt) {
        if (img != image || as != asid || img.generation() != generation) {
            reset(img, as);
        }
        int i = index(start, target);
        starts[i] = start;
        targets[i] = target;
        modes[i] = (byte) (mode.ordinal() + 1);
        statuses[i] = status;
        counts[i] = count;
        isids[i] = block.isid;
        iclasses[i] = (byte) block.iclass().ordinal();
        endIps[i] = block.endIp;
        nextIps[i] = nextIp;
        npushes[i] = (byte) npush;
        for (int j = 0; j < npush; j++) {
            pushes[i * MAX_PUSHES + j] = retstack.peek(npush - 1 - j);
        }
        hasLast[i] = last != null;
        if (last != null) {
            if (lastInsns[i] == null) {
                lastInsns[i] = new Insn();
                lastExts[i] = new DecodedInsn();
            }
            lastInsns[i].copyFrom(last);
            lastExts[i].copyFrom(lastExt);
        }
    }

    private void reset(Image img, Asid as) {
        Arrays.fill(modes, (byte) 0);
        image = img;
        asid = as;
        generation = img.generation();
    }

    /** The walk's status: 1 if it reached the target, 0 if the block ended, or an error. */
    int status(int slot) {
        return statuses[slot];
    }

    /** The number of instructions it added to the block. */
    int count(int slot) {
        return counts[slot];
    }

    /** The section id of its instructions. */
    int isid(int slot) {
        return isids[slot];
    }

    /** The class of its last instruction. */
    InsnClass iclass(int slot) {
        return CLASSES[iclasses[slot]];
    }

    /** The address of its last instruction. */
    long endIp(int slot) {
        return endIps[slot];
    }

    /** The IP after the walk. */
    long nextIp(int slot) {
        return nextIps[slot];
    }

    /** How many return addresses it pushed. */
    int npush(int slot) {
        return npushes[slot];
    }

    /** The {@code j}th return address it pushed. */
    long push(int slot, int j) {
        return pushes[slot * MAX_PUSHES + j];
    }

    /** The instruction it stopped at, or null if it left the decoder's {@code cur} alone. */
    Insn last(int slot) {
        return hasLast[slot] ? lastInsns[slot] : null;
    }

    /** The decode of {@link #last(int)}. */
    DecodedInsn lastExt(int slot) {
        return lastExts[slot];
    }
}
