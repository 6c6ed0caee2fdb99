package dev.hindsight.pt.flow;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.internal.BlockCache;
import dev.hindsight.pt.flow.internal.BlockCacheTable;
import dev.hindsight.pt.flow.internal.DecodeMemo;
import dev.hindsight.pt.image.ImageWindow;
import dev.hindsight.pt.image.MappedSection;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnExtClass;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The block decoder's fast path between events, libipt's {@code pt_blk_proceed_no_event} with
 * its block cache: for each section, an entry per instruction says how far it is to the next
 * decision point, so known code is crossed without decoding every instruction.
 *
 * <p>Filling the cache ends a block where libipt's does (at near direct calls, backward jumps,
 * section ends), which decides block boundaries and thus ptxed's block counts. Part of
 * {@link BlockDecoder}, whose state it works on.
 */
final class BlockCachePath {
    private static final int BAD_QUERY = -PtError.BAD_QUERY.code();
    private static final int INTERNAL = -PtError.INTERNAL.code();
    private static final int NOMAP = -PtError.NOMAP.code();

    /*
     * What proceedNoEventCached returns when the decision point needs the next TIP: the caller
     * takes it. Fetching events pulls the event and packet decoders in, and the JIT, inlining
     * them into the cached walk, ran out of its inlining budget before the walk's own small
     * helpers (measured: NodeCountInliningCutoff), leaving calls on the hottest path.
     */
    private static final int TAKE_TIP = 1;

    private final BlockDecoder d;

    // The mapped section we work in, its bytes and its block cache (libipt's pt_msec_cache).
    private final ImageWindow msec = new ImageWindow();
    private final Map<Section, BlockCacheTable> bcaches = new IdentityHashMap<>();
    private ByteBuffer msecBuf;
    private BlockCacheTable bcache;
    private long msecBegin;
    private long msecEnd;
    private long msecOffset;
    private final DecodeMemo memo = new DecodeMemo();
    private final Insn dec = new Insn();
    private final DecodedInsn decExt = new DecodedInsn();

    BlockCachePath(BlockDecoder decoder) {
        this.d = decoder;
    }

    /**
     * Proceeds to the next decision point, through the block cache where we can
     * ({@code pt_blk_proceed_no_event}).
     *
     * @param block the block being filled
     * @return 0, or a negative error code
     */
    int proceedNoEvent(Block block) {
        int isid = msecLookup();
        if (isid < 0) {
            if (isid != NOMAP) {
                return isid;
            }
            // Not in any section; the d.image's memory reader may still have it.
            return d.proceedNoEventUncached(block);
        }
        // Blocks do not cross sections.
        if (isid != block.isid) {
            if (block.ninsn != 0) {
                return 0;
            }
            block.isid = isid;
        }
        int st = proceedNoEventCached(block);
        return st == TAKE_TIP ? d.proceedIndirect() : st;
    }

    /*
     * One step of proceeding without trace (pt_blk_proceed_to_ip and friends) through the decode
     * memo rather than the x86 decoder: adds the instruction at d.ip to the block as
     * proceedOneInsn does and moves d.ip past it. The code up to a disable event is never
     * crossed by the cached path, so it was decoded again at every visit. Only instructions
     * whose successor needs no trace: the caller needs the others as d.cur. Returns 1 if done,
     * 0 if the caller must take the step itself (nothing changed).
     */
    int proceedOneMemoized(Block block) {
        int isid = msecLookup();
        if (isid < 0 || (isid != block.isid && block.ninsn != 0)) {
            return 0;
        }
        int ninsn = block.ninsn + 1;
        if (ninsn > BlockDecoder.MAX_BLOCK_INSNS || block.truncated) {
            return 0;
        }
        // Let the caller report an overflowing instruction count.
        if (d.hasIcnt && d.icnt + 1 == 0) {
            return 0;
        }
        long iip = d.ip;
        int slot = memoDecode(iip, d.mode);
        if (slot < 0 || memo.nextIpStatus(slot) != 0) {
            return 0;
        }
        InsnClass iclass = memo.iclass(slot);
        // Near calls push their return address, except calls to the next instruction.
        if (iclass == InsnClass.CALL && !(memo.isDirect(slot) && memo.displacement(slot) == 0)) {
            d.retstack.push(iip + memo.size(slot));
        }
        block.isid = isid;
        block.iclass(iclass);
        block.endIp = iip;
        block.ninsn = ninsn;
        if (d.hasIcnt) {
            d.icnt += 1;
        }
        d.ip = memo.nextIp(slot);
        return 1;
    }

    // Finds the mapped section holding d.ip and its block cache (libipt's pt_msec_cache).
    private int msecLookup() {
        if (msec.contains(d.ip)) {
            return msec.isid();
        }
        int isid = d.image.find(d.ip, d.asid, msec);
        if (isid < 0) {
            invalidate();
            return isid;
        }
        MappedSection m = msec.mapped();
        msecBegin = m.vaddr();
        msecEnd = m.vaddr() + m.size();
        msecOffset = m.offset();
        msecBuf = msec.sectionBuffer();
        bcache = bcaches.computeIfAbsent(m.section(), BlockCacheTable::forSection);
        return isid;
    }

    /** Forgets the section, e.g. when the image or the address space changes. */
    void invalidate() {
        memo.clear();
        msec.clear();
        msecBuf = null;
        bcache = null;
        msecBegin = 0;
        msecEnd = 0;
    }

    /** Whether the instruction at {@code at} of {@code size} bytes lies in the current section. */
    boolean holds(long at, int size) {
        return msecBuf != null && inSection(at) && inSection(at + size - 1);
    }

    private boolean inSection(long addr) {
        return Long.compareUnsigned(addr - msecBegin, msecEnd - msecBegin) < 0;
    }

    private int unmap(long addr) {
        return (int) (addr - msecBegin + msecOffset);
    }

    // Decodes the instruction at insn.ip from the cached section (pt_blk_decode_in_section).
    private int decodeInSection(Insn insn, DecodedInsn ext) {
        int n = (int) Math.min(Insn.MAX_SIZE, msecEnd - insn.ip);
        msecBuf.get(unmap(insn.ip), insn.raw, 0, n);
        int st = dev.hindsight.pt.x86.InsnDecoder.decode(insn.raw, 0, n, insn.ip, insn.mode, ext);
        if (st < 0) {
            insn.iclass(InsnClass.UNKNOWN);
            return st;
        }
        insn.size = st;
        insn.iclass(ext.iclass());
        return 0;
    }

    /*
     * Proceeds to the next decision point using the block cache of the current section
     * (pt_blk_proceed_no_event_cached); libipt's tail recursion is the loop. Returns 0,
     * TAKE_TIP, or a negative error code.
     */
    private int proceedNoEventCached(Block block) {
        for (;;) {
            long pair = bcache.pair(unmap(d.ip));
            int bce = (int) pair;
            if (!BlockCache.isValid(bce)) {
                return fillCache(block, BlockCache.FILL_STEPS);
            }
            long nip = d.ip + BlockCache.displacement(bce);
            // The section was split underneath us: take the slow path to its end.
            if (!inSection(nip)) {
                return d.proceedNoEventUncached(block);
            }
            // Whether the way to the decision point still fits into the block.
            int ninsn = block.ninsn + BlockCache.ninsn(bce);
            if (ninsn > BlockDecoder.MAX_BLOCK_INSNS) {
                return 0;
            }
            if (d.hasIcnt) {
                int next = d.icnt + BlockCache.ninsn(bce);
                if (Integer.compareUnsigned(next, d.icnt) < 0) {
                    return -PtError.OVERFLOW.code();
                }
                d.icnt = next;
            }
            d.ip = nip;
            block.endIp = nip;
            block.ninsn = ninsn;
            ExecMode bmode = BlockCache.mode(bce);
            // Almost always unchanged: skip the reference store and its GC barrier.
            if (block.mode != bmode) {
                block.mode = bmode;
            }
            switch (BlockCache.qualifier(bce)) {
                case BlockCache.AGAIN:
                    // A trampoline: we do not know the instruction.
                    block.iclass(InsnClass.UNKNOWN);
                    continue;
                case BlockCache.COND: {
                    block.iclass(InsnClass.COND_JUMP);
                    int isize = BlockCache.isize(bce);
                    if (isize != 0) {
                        long at = d.ip;
                        int tnt = d.condBranch();
                        if (tnt < 0) {
                            return tnt;
                        }
                        /*
                         * The displacement applies if taken (tnt 1, mask all ones). Branch bits
                         * are as good as random: a branch on them would be mispredicted half
                         * of the time, while the paths that follow are alike.
                         */
                        long disp = (pair >> 32) & -tnt;
                        d.ip = at + isize + disp;
                        return 0;
                    }
                    int st = proceedDecoded(block, bmode);
                    if (st <= 0) {
                        return st;
                    }
                    continue;
                }
                case BlockCache.DIRECT_CALL: {
                    // What proceedDecoded() does for a direct call, from the cache.
                    block.iclass(InsnClass.CALL);
                    int disp = (int) (pair >>> 32);
                    long ret = d.ip + BlockCache.isize(bce);
                    if (disp != 0) {
                        d.retstack.push(ret);
                    }
                    d.ip = ret + disp;
                    if (d.config.endOnCall() || !inSection(d.ip)) {
                        return 0;
                    }
                    continue;
                }
                case BlockCache.DECODE: {
                    int st = proceedDecoded(block, bmode);
                    if (st <= 0) {
                        return st;
                    }
                    continue;
                }
                case BlockCache.IND_CALL: {
                    block.iclass(InsnClass.CALL);
                    long ret = d.ip;
                    int isize = BlockCache.isize(bce);
                    if (isize != 0) {
                        ret += isize;
                    } else {
                        int slot = memoDecode(d.ip, bmode);
                        if (slot < 0) {
                            return slot;
                        }
                        ret += memo.size(slot);
                    }
                    d.retstack.push(ret);
                    return TAKE_TIP;
                }
                case BlockCache.RETURN: {
                    block.iclass(InsnClass.RETURN);
                    // A taken TNT bit is a compressed return.
                    int tnt = d.condBranch();
                    if (tnt <= 0) {
                        if (tnt == BAD_QUERY) {
                            return TAKE_TIP;
                        }
                        return tnt == 0 ? -PtError.BAD_RETCOMP.code() : tnt;
                    }
                    if (d.retstack.isEmpty()) {
                        return -PtError.RETSTACK_EMPTY.code();
                    }
                    d.ip = d.retstack.popUnchecked();
                    return 0;
                }
                case BlockCache.INDIRECT:
                    // Indirect jump, JMPABS or far transfer: only the destination matters.
                    block.iclass(InsnClass.INDIRECT);
                    return TAKE_TIP;
                default:
                    return INTERNAL;
            }
        }
    }

    /*
     * The ptbq_decode step: decodes the instruction at d.ip, which the block already counts.
     * Returns 1 to continue with the cache, 0 if the block ends, or an error.
     */
    private int proceedDecoded(Block block, ExecMode bmode) {
        int slot = memoDecode(d.ip, bmode);
        if (slot < 0) {
            if (slot != -PtError.BAD_INSN.code()) {
                return slot;
            }
            int st = proceedTruncated(block);
            return st < 0 ? st : 0;
        }
        InsnClass iclass = memo.iclass(slot);
        int isize = memo.size(slot);
        boolean direct = memo.isDirect(slot);
        long disp = memo.displacement(slot);
        block.iclass(iclass);
        // Near calls push their return address, except calls to the next instruction.
        if (iclass == InsnClass.CALL && !(direct && disp == 0)) {
            d.retstack.push(d.ip + isize);
        }
        int st = memo.nextIpStatus(slot);
        if (st < 0) {
            if (st != BAD_QUERY) {
                return st;
            }
            st = d.proceedWithTrace(iclass, d.ip, isize, disp, direct,
                    memo.extClass(slot) == InsnExtClass.JMPABS);
            return st < 0 ? st : 0;
        }
        d.ip = memo.nextIp(slot);
        if ((d.config.endOnCall() && iclass == InsnClass.CALL)
                || (d.config.endOnJump() && iclass == InsnClass.JUMP)) {
            return 0;
        }
        // We are done if we leave the section.
        return inSection(d.ip) ? 1 : 0;
    }

    // Decodes the instruction at an IP of the cached section, through the memo.
    private int memoDecode(long at, ExecMode bmode) {
        int slot = memo.find(at, bmode);
        if (slot >= 0) {
            return slot;
        }
        dec.clear();
        dec.mode = bmode;
        dec.ip = at;
        int st = decodeInSection(dec, decExt);
        if (st < 0) {
            return st;
        }
        return memo.put(at, bmode, decExt);
    }

    // An instruction cut off by the section end: decode it from the whole d.image.
    private int proceedTruncated(Block block) {
        dec.clear();
        dec.mode = d.mode;
        dec.ip = d.ip;
        int st = d.decodeInsn(dec, decExt);
        if (st < 0) {
            return st;
        }
        if (!dec.truncated) {
            return INTERNAL;
        }
        System.arraycopy(dec.raw, 0, block.raw, 0, dec.size);
        block.iclass(dec.iclass());
        block.size = dec.size;
        block.truncated = true;
        d.logCall(dec, decExt);
        st = d.nextIp(decExt);
        if (st < 0) {
            if (st != BAD_QUERY) {
                return st;
            }
            return d.proceedWithTrace(dec, decExt);
        }
        return 0;
    }

    /*
     * Proceeds one instruction and fills the block cache on the way back
     * (pt_blk_proceed_no_event_fill_cache). The recursion is bounded by steps.
     */
    private int fillCache(Block block, int steps) {
        int st = d.proceedOneInsn(block);
        if (st <= 0) {
            return st;
        }
        // d.cur is overwritten by deeper steps: keep what we need.
        long iip = d.cur.ip;
        ExecMode imode = d.cur.mode;
        InsnClass iclass = d.cur.iclass();
        int isize = d.cur.size;
        boolean direct = d.curExt.isDirect();
        long disp = d.curExt.displacement();
        boolean jmpabs = d.curExt.extClass() == InsnExtClass.JMPABS;
        int ioff = unmap(iip);
        st = d.curExt.nextIpStatus();
        if (st < 0) {
            if (st != BAD_QUERY) {
                return st;
            }
            // A decision point.
            int qualifier;
            switch (iclass) {
                case JUMP:
                    if (direct && !jmpabs) {
                        return INTERNAL;
                    }
                    qualifier = BlockCache.INDIRECT;
                    break;
                case CALL:
                    if (direct) {
                        return INTERNAL;
                    }
                    qualifier = BlockCache.IND_CALL;
                    break;
                case RETURN:
                    qualifier = BlockCache.RETURN;
                    break;
                case COND_JUMP:
                    qualifier = BlockCache.COND;
                    break;
                case FAR_CALL, FAR_RETURN, FAR_JUMP, INDIRECT:
                    qualifier = BlockCache.INDIRECT;
                    break;
                default:
                    return INTERNAL;
            }
            // A truncated last instruction is decoded every time.
            if (block.truncated) {
                qualifier = BlockCache.DECODE;
            }
            // A conditional branch's displacement is kept to follow it when taken.
            if (qualifier == BlockCache.COND && disp != (int) disp) {
                isize = 0;
            }
            bcache.set(ioff, BlockCache.entry(0, 1, imode, qualifier, isize), (int) disp);
            return d.proceedWithTrace(d.cur, d.curExt);
        }
        d.ip = d.curExt.nextIp();
        long nip = d.ip;
        /*
         * Stop here anyway at near direct calls (to maintain the return stack), at backward
         * jumps (to notice section splits), when leaving the section, and after a truncated
         * instruction.
         */
        switch (iclass) {
            case CALL:
                // Direct: the cache follows it (a truncated one is decoded every time).
                if (block.truncated || isize > 7 || disp != (int) disp) {
                    return addDecode(ioff, imode);
                }
                bcache.set(ioff, BlockCache.entry(0, 1, imode, BlockCache.DIRECT_CALL, isize),
                        (int) disp);
                return 0;
            case JUMP:
                if (!direct || jmpabs) {
                    return INTERNAL;
                }
                if (disp < 0 || d.config.endOnJump()) {
                    return addDecode(ioff, imode);
                }
                if (!inSection(nip) || block.truncated) {
                    return addDecode(ioff, imode);
                }
                break;
            default:
                if (!inSection(nip) || block.truncated) {
                    return addDecode(ioff, imode);
                }
                break;
        }
        int noff = unmap(nip);
        int bce = bcache.get(noff);
        if (!BlockCache.isValid(bce)) {
            // Out of steps: a trampoline lets the next visit continue from here.
            steps -= 1;
            if (steps == 0) {
                return addTrampoline(ioff, noff, imode);
            }
            st = fillCache(block, steps);
            if (st < 0) {
                return st;
            }
            bce = bcache.get(noff);
            // Most likely the block overflowed before the next instruction.
            if (!BlockCache.isValid(bce)) {
                return 0;
            }
        }
        // Mode changes need an event; we are on the no-event path.
        if (BlockCache.mode(bce) != imode) {
            return INTERNAL;
        }
        long dip = nip + BlockCache.displacement(bce);
        long d = dip - iip;
        // A split section: do not cache across it.
        if (!inSection(dip)) {
            return 0;
        }
        int ninsn = BlockCache.ninsn(bce) + 1;
        if (ninsn > BlockCache.MAX_NINSN || d != (short) d) {
            return addTrampoline(ioff, noff, imode);
        }
        // The decision point's branch displacement comes along: one load for both.
        bcache.set(ioff, BlockCache.withSteps(bce, (int) d, ninsn), bcache.displacement(noff));
        return 0;
    }

    private int addDecode(int ioff, ExecMode imode) {
        bcache.set(ioff, BlockCache.entry(0, 1, imode, BlockCache.DECODE, 0));
        return 0;
    }

    private int addTrampoline(int ioff, int noff, ExecMode imode) {
        int d = noff - ioff;
        bcache.set(ioff, d == (short) d
                ? BlockCache.entry(d, 1, imode, BlockCache.AGAIN, 0)
                : BlockCache.entry(0, 1, imode, BlockCache.DECODE, 0));
        return 0;
    }
}
