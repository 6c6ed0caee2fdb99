package dev.hindsight.collect;

import dev.hindsight.collect.sys.ProcessMemory;
import dev.hindsight.collect.sys.SysCallException;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnDecoder;

/**
 * The lengths of the traced process's instructions, decoded with the pt-decoder's x86 length
 * decoder from code pages read once from the process and kept in a direct-mapped cache, so that
 * a step costs no extra system call once its page has been seen.
 *
 * <p>Code that the process rewrites after its page was cached (a JIT reusing memory,
 * self-modifying code) is decoded from the stale copy; {@link #clear} drops everything (after an
 * exec).
 */
public final class CodeCache {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE = 1 << PAGE_SHIFT;
    private static final int SLOTS = 512;

    private final ProcessMemory memory;
    private final long[] tags = new long[SLOTS];
    private final byte[][] pages = new byte[SLOTS][];
    private final int[] valid = new int[SLOTS];
    private final byte[] scratch = new byte[InsnDecoder.MAX_INSN_SIZE];
    private final DecodedInsn insn = new DecodedInsn();

    /** A cache over {@code memory}. */
    public CodeCache(ProcessMemory memory) {
        this.memory = memory;
        clear();
    }

    /** Forgets every cached page. */
    public void clear() {
        java.util.Arrays.fill(tags, -1L);
    }

    /**
     * The length of the instruction at {@code pc} in {@code mode}, or a negative number when its
     * bytes cannot be read or decoded.
     */
    public int length(long pc, ExecMode mode) {
        int slot = slot(pc >>> PAGE_SHIFT);
        if (slot < 0) {
            return -1;
        }
        int off = (int) (pc & (PAGE - 1));
        int avail = valid[slot] - off;
        if (avail >= InsnDecoder.MAX_INSN_SIZE || avail > 0 && valid[slot] < PAGE) {
            return InsnDecoder.decode(pages[slot], off, avail, pc, mode, insn);
        }
        if (avail <= 0) {
            return -1;
        }
        // The instruction may run into the next page: join the two.
        byte[] first = pages[slot];
        System.arraycopy(first, off, scratch, 0, avail);
        int n = avail;
        int next = slot((pc >>> PAGE_SHIFT) + 1);
        if (next >= 0) {
            int more = Math.min(valid[next], scratch.length - avail);
            System.arraycopy(pages[next], 0, scratch, avail, more);
            n += more;
        }
        return InsnDecoder.decode(scratch, 0, n, pc, mode, insn);
    }

    private int slot(long page) {
        int slot = (int) (page & (SLOTS - 1));
        if (tags[slot] == page) {
            return slot;
        }
        byte[] buf = pages[slot];
        if (buf == null) {
            buf = new byte[PAGE];
            pages[slot] = buf;
        }
        int got;
        try {
            got = memory.read(page << PAGE_SHIFT, buf, 0, PAGE);
        } catch (SysCallException e) {
            return -1;
        }
        tags[slot] = page;
        valid[slot] = got;
        return slot;
    }
}
