package dev.hindsight.pt.flow;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.internal.AddressFilters;
import dev.hindsight.pt.flow.internal.InsnFetcher;
import dev.hindsight.pt.flow.internal.ReturnStack;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.query.EventDecoder;
import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.QueryConfig;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.x86.DecodedInsn;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.InsnClass;
import dev.hindsight.pt.x86.InsnExtClass;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The block-level execution flow decoder, libipt master's {@code pt_block_decoder}: it combines
 * the events of an {@link EventDecoder} with the instructions of a memory {@link Image} into
 * {@link Block}s of instructions that execute one after the other.
 *
 * <p>Usage mirrors libipt: {@link #syncForward()}, then alternate {@link #next(Block)} and,
 * while the returned status has {@link StatusFlag#EVENT_PENDING}, {@link #event(PtEvent)},
 * until a call returns {@code -PtError.EOS.code()}. A negative return is {@code -PtError.code()};
 * after one, {@link #resync()} continues at the next point where the trace tells the IP again,
 * or {@link #syncForward()} at the next PSB. Non-negative returns are {@link StatusFlag} bits.
 *
 * <p>Events bind to instructions as in libipt: a block ends where the next event applies, at
 * instructions that need trace (conditional and indirect branches, returns, far transfers), at
 * section changes, and, if configured, after near calls or direct jumps. The decoder keeps the
 * return stack for compressed returns, handles TSX speculation, exec mode changes, the errata
 * BDM64, SKD022 and SKL014, and TRIG anchors. PSB+ status updates are checked and applied
 * internally rather than reported.
 *
 * <p>Not thread-safe. Nothing is allocated per block or instruction.
 */
public final class BlockDecoder implements BlockFlow {
    /** The maximal number of instructions in one block (libipt's {@code uint16_t ninsn}). */
    static final int MAX_BLOCK_INSNS = 0xffff;

    // The number of steps to try whether a TSX event location is reachable (BDM64).
    private static final int BDM64_MAX_STEPS = 0x100;

    // Instruction predicates of pt_blk_proceed_to_insn.
    private static final int P_FALSE = 0;
    private static final int P_CR3 = 1;
    private static final int P_PIP = 2;
    private static final int P_VMCS = 3;
    private static final int P_PTWRITE = 4;
    private static final int P_IRET = 5;
    private static final int P_VMENTRY = 6;
    private static final int P_UIRET = 7;
    private static final int P_SKL014 = 8;

    private static final int EOS = -PtError.EOS.code();
    private static final int BAD_QUERY = -PtError.BAD_QUERY.code();
    private static final int INTERNAL = -PtError.INTERNAL.code();

    final FlowConfig config;
    private final QueryConfig qconfig;
    private final boolean tickEvents;
    private final long traceSize;
    private final EventDecoder evdec;
    private final Image defaultImage = new Image();
    Image image = defaultImage;
    private final InsnFetcher fetcher = new InsnFetcher();
    final ReturnStack retstack = new ReturnStack();

    // The current event and whether it is valid (libipt fills it with 0xff otherwise).
    private final PtEvent ev = new PtEvent();
    private boolean evValid;
    // One event read ahead when looking for a deferred TIP that turned out not to be one.
    private final PtEvent peekEv = new PtEvent();
    private final PtEvent tntSave = new PtEvent();
    private boolean havePeek;
    private int peekStatus;
    // The status of the event decoder: 0, or a deferred error (e.g. -EOS).
    private int status;

    long ip;
    ExecMode mode = ExecMode.UNKNOWN;
    private boolean enabled;
    private boolean speculative;
    Asid asid = Asid.ANY;
    private long tsc;
    private boolean hasTsc;
    private int lostMtc;
    private int lostCyc;
    private int cbr;
    // Instructions since the last TRIG anchor IP (unsigned 32-bit, as libipt).
    int icnt;
    boolean hasIcnt;

    // An instruction whose events are being reported before we proceed past it.
    private boolean processInsn;
    private boolean boundPaging;
    private boolean boundVmcs;
    private boolean boundPtwrite;
    private boolean boundIret;
    private boolean boundVmentry;
    private boolean boundUiret;
    private Insn pInsn = new Insn();
    private DecodedInsn pExt = new DecodedInsn();

    // The last instruction reached while proceeding, and a spare to decode the next one into.
    Insn cur = new Insn();
    DecodedInsn curExt = new DecodedInsn();
    private Insn tmp = new Insn();
    private DecodedInsn tmpExt = new DecodedInsn();
    // For errata checks that decode an instruction on the side.
    private final Insn aux = new Insn();
    private final DecodedInsn auxExt = new DecodedInsn();

    // The block cache path (libipt's pt_blk_proceed_no_event_cached and friends).
    private final BlockCachePath cached = new BlockCachePath(this);
    // Outcomes of proceedToIp's walks, replayed when the same way is taken again.
    private final WayMemo ways = new WayMemo();

    // Resync found tracing enabled again while we thought it was on: report a disable first.
    private boolean injectDisable;

    /**
     * Creates a decoder over a trace. It must be synchronized before use.
     *
     * @param trace the trace bytes (index 0 is offset 0); not copied, must not change
     * @param config the configuration
     */
    public BlockDecoder(ByteBuffer trace, FlowConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.qconfig = config.query();
        this.tickEvents = qconfig.enableTickEvents();
        this.traceSize = trace.limit();
        this.evdec = new EventDecoder(trace, qconfig);
        reset();
    }

    /** The configuration. */
    public FlowConfig config() {
        return config;
    }

    /** The memory image instructions are read from; an empty one unless set. */
    public Image image() {
        return image;
    }

    /**
     * Sets the memory image, e.g. when sideband switches to another process.
     *
     * @param image the image, or null for the decoder's own empty image
     */
    public void image(Image image) {
        this.image = image == null ? defaultImage : image;
        cached.invalidate();
    }

    /**
     * The trace offset of the event decoder, for error messages ({@code pt_blk_get_offset}).
     *
     * @return the offset, or a negative error code if not synchronized
     */
    public long offset() {
        return evdec.offset();
    }

    /**
     * The offset of the last PSB synchronized onto ({@code pt_blk_get_sync_offset}).
     *
     * @return the offset, or a negative error code if not synchronized
     */
    public long syncOffset() {
        return evdec.syncOffset();
    }

    /** The time stamp of the last event consumed ({@code pt_blk_time}). */
    public long time() {
        return tsc;
    }

    /** Whether {@link #time()} is known. */
    public boolean hasTime() {
        return hasTsc;
    }

    /** MTC packets lost in the time estimate. */
    public int lostMtc() {
        return lostMtc;
    }

    /** CYC packets lost in the time estimate. */
    public int lostCyc() {
        return lostCyc;
    }

    /** The last core:bus ratio ({@code pt_blk_core_bus_ratio}), 0 if unknown. */
    public int coreBusRatio() {
        return cbr;
    }

    /** The current address space ({@code pt_blk_asid}). */
    public Asid asid() {
        return asid;
    }

    // ---------------------------------------------------------------- synchronization

    /**
     * Synchronizes onto the next PSB ({@code pt_blk_sync_forward}).
     *
     * @return status flags, or a negative error code; {@code -EOS} if there is no further PSB
     */
    public int syncForward() {
        reset();
        int st = evdec.syncForward();
        if (st < 0) {
            return st;
        }
        return start();
    }

    /**
     * Synchronizes onto the previous PSB ({@code pt_blk_sync_backward}).
     *
     * @return 0, or a negative error code; {@code -EOS} if there is no earlier PSB
     */
    public int syncBackward() {
        long begin = evdec.position();
        if (begin < 0) {
            begin = traceSize;
        }
        long sync = begin;
        for (;;) {
            reset();
            long pos;
            do {
                int st = evdec.syncBackward();
                if (st < 0) {
                    return st;
                }
                pos = evdec.position();
            } while (sync <= pos);
            sync = pos;
            int st = start();
            if (st < 0) {
                // A PSB+ cut off by the end of the trace: try the one before.
                if (st != EOS) {
                    return st;
                }
                continue;
            }
            // Starting right after a PSB+ may bring us back to the same PSB.
            if (evdec.position() < begin) {
                return 0;
            }
        }
    }

    /**
     * Synchronizes onto the PSB at {@code offset} ({@code pt_blk_sync_set}).
     *
     * @param offset the trace offset of a PSB
     * @return status flags, or a negative error code
     */
    public int syncSet(long offset) {
        reset();
        int st = evdec.syncSet(offset);
        if (st < 0) {
            return st;
        }
        return start();
    }

    /**
     * Continues after a decode error at the next point where the trace gives the IP again.
     *
     * <p>The instruction flow since the error is unknown: branch bits (TNT) are dropped until a
     * TIP, a PSB+ or another event with an IP places the decoder again. Events on the way are
     * still reported. A PSB+ is checked like during normal decode; a mismatch is an error.
     *
     * @return status flags as for {@link #next(Block)}, or a negative error code; {@code -EOS}
     *     at the end of the trace
     */
    public int resync() {
        int st = clearPostponedInsn();
        if (st < 0) {
            return st;
        }
        injectDisable = false;
        boolean placed = false;
        for (;;) {
            if (status < 0) {
                return status;
            }
            if (!evValid) {
                return INTERNAL;
            }
            if (ev.statusUpdate()) {
                st = applyStatusUpdate(true);
                if (st < 0) {
                    return st;
                }
                if (enabled && statusUpdateHasIp()) {
                    ip = ev.ip();
                    placed = true;
                }
                fetchEvent();
                continue;
            }
            if (placed) {
                return proceedTrailingEvent(null);
            }
            switch (ev.type()) {
                case TNT:
                    // Branch outcomes for instructions we cannot place.
                    st = fetchEvent();
                    if (st < 0) {
                        return st;
                    }
                    continue;
                case TIP:
                    if (!ev.ipSuppressed()) {
                        ip = ev.ip();
                    }
                    st = fetchEvent();
                    if (st < 0) {
                        return st;
                    }
                    return proceedTrailingEvent(null);
                case ENABLED:
                    if (enabled) {
                        injectDisable = true;
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case DISABLED:
                    return status(StatusFlag.EVENT_PENDING);
                case ASYNC_BRANCH:
                case ASYNC_DISABLED:
                    ip = ev.from();
                    return status(StatusFlag.EVENT_PENDING);
                default:
                    if (!ev.ipSuppressed() && hasIp(ev.type())) {
                        ip = ev.ip();
                    }
                    return status(StatusFlag.EVENT_PENDING);
            }
        }
    }

    private void reset() {
        tsc = 0;
        lostMtc = 0;
        lostCyc = 0;
        cbr = 0;
        icnt = 0;
        mode = ExecMode.UNKNOWN;
        ip = 0;
        status = -PtError.NOSYNC.code();
        enabled = false;
        speculative = false;
        hasTsc = false;
        hasIcnt = false;
        processInsn = false;
        boundPaging = false;
        boundVmcs = false;
        boundPtwrite = false;
        boundIret = false;
        boundVmentry = false;
        boundUiret = false;
        evValid = false;
        havePeek = false;
        injectDisable = false;
        retstack.clear();
        asid = Asid.ANY;
    }

    /*
     * Learns the tracing state from the PSB+ we synchronized onto, then reports what binds to
     * its IP (pt_blk_start). The PSB+ status updates stay queued: they are reported as events,
     * led by an enabled or disabled one.
     */
    private int start() {
        int st = evNext(ev);
        if (st < 0) {
            status = st;
            evValid = false;
        } else {
            status = 0;
            evValid = true;
            if (ev.statusUpdate() && ev.type() == EventType.ENABLED) {
                enabled = true;
                ip = ev.ip();
            }
        }
        return proceedTrailingEvent(null);
    }

    // ---------------------------------------------------------------- events

    private int evNext(PtEvent into) {
        if (havePeek) {
            havePeek = false;
            if (peekStatus < 0) {
                return peekStatus;
            }
            into.copyFrom(peekEv);
            return 0;
        }
        return evdec.next(into);
    }

    /*
     * Consumes the current event and reads the next one (pt_blk_fetch_event), after noting
     * whether the event we are done with anchors the next TRIG (pt_blk_find_trig_anchor).
     *
     * One method on purpose: too large for the JIT to inline into its many callers, it is
     * compiled once with the event decoder inlined into it. Inlined, the event and packet
     * decoders used up the inlining budget of the large callers (proceedTrailingEvent), which
     * then called even their own small helpers.
     */
    private int fetchEvent() {
        if (!evValid) {
            return INTERNAL;
        }
        tsc = ev.tsc();
        hasTsc = ev.hasTsc();
        lostMtc = ev.lostMtc();
        lostCyc = ev.lostCyc();
        // Branch events (the common case) anchor the next TRIG.
        if (ev.is(EventType.TNT) || ev.is(EventType.TIP)) {
            if (ev.ipSuppressed() && !ev.statusUpdate()) {
                return INTERNAL;
            }
            setTrigAnchor();
        } else {
            switch (ev.type()) {
                case PAGING, SIPI, CBR, MNT, STOP, VMCS, MWAIT, PWRE, PWRX:
                    break;
                case EXEC_MODE, TSX, ASYNC_PAGING, ASYNC_VMCS, EXSTOP, PTWRITE, TICK, IFLAGS,
                        INTERRUPT, IRET, SMI, RSM, INIT, VMENTRY, VMEXIT, SHUTDOWN, UINTR, SWINTR,
                        UIRET, TRIG:
                    if (!ev.ipSuppressed()) {
                        setTrigAnchor();
                    }
                    break;
                case ENABLED, ASYNC_BRANCH, TIP, TNT:
                    if (ev.ipSuppressed() && !ev.statusUpdate()) {
                        return INTERNAL;
                    }
                    setTrigAnchor();
                    break;
                case DISABLED, ASYNC_DISABLED:
                    hasIcnt = false;
                    icnt = 0;
                    break;
                case OVERFLOW:
                    if (ev.ipSuppressed()) {
                        hasIcnt = false;
                        icnt = 0;
                    } else {
                        setTrigAnchor();
                    }
                    break;
                default:
                    return INTERNAL;
            }
        }
        int st;
        if (havePeek) {
            havePeek = false;
            st = peekStatus;
            if (st >= 0) {
                ev.copyFrom(peekEv);
            }
        } else {
            st = evdec.next(ev);
        }
        if (st < 0) {
            status = st;
            evValid = false;
        }
        return 0;
    }

    private void setTrigAnchor() {
        hasIcnt = true;
        icnt = 0;
    }

    private int status(int flags) {
        if (!enabled) {
            flags |= StatusFlag.IP_SUPPRESSED;
        }
        if (status == EOS) {
            flags |= StatusFlag.EOS;
        }
        return flags;
    }

    // Whether events of this type carry an IP in PtEvent#ip().
    private static boolean hasIp(EventType type) {
        switch (type) {
            case ENABLED, DISABLED, ASYNC_PAGING, OVERFLOW, EXEC_MODE, TSX, ASYNC_VMCS, EXSTOP,
                    MWAIT, PTWRITE, TICK, TIP, IFLAGS, INTERRUPT, IRET, SMI, RSM, INIT, VMENTRY,
                    VMEXIT, SHUTDOWN, UINTR, SWINTR, UIRET, TRIG:
                return true;
            default:
                return false;
        }
    }

    private boolean statusUpdateHasIp() {
        switch (ev.type()) {
            case ENABLED, EXEC_MODE, TSX, ASYNC_PAGING, ASYNC_VMCS:
                return !ev.ipSuppressed();
            default:
                return false;
        }
    }

    /*
     * Applies a PSB+ status update. While starting or resynchronizing we learn the tracing
     * state from it; during normal decode it must agree with what we know.
     */
    private int applyStatusUpdate(boolean learn) {
        switch (ev.type()) {
            case ENABLED:
                if (learn) {
                    enabled = true;
                    ip = ev.ip();
                } else if (!enabled) {
                    return -PtError.BAD_STATUS_UPDATE.code();
                }
                return 0;
            case DISABLED:
                if (learn) {
                    enabled = false;
                } else if (enabled) {
                    return -PtError.BAD_STATUS_UPDATE.code();
                }
                return 0;
            case EXEC_MODE: {
                ExecMode m = ev.execMode();
                if (enabled && mode != ExecMode.UNKNOWN && mode != m) {
                    return -PtError.BAD_STATUS_UPDATE.code();
                }
                mode = m;
                return 0;
            }
            case TSX:
                speculative = ev.speculative();
                return 0;
            case PAGING, ASYNC_PAGING:
                processPaging();
                return 0;
            case VMCS, ASYNC_VMCS:
                processVmcs();
                return 0;
            case CBR:
                cbr = ev.ratio();
                return 0;
            default:
                return 0;
        }
    }


    /**
     * Reports the pending event ({@code pt_blk_event}); call while the last status has
     * {@link StatusFlag#EVENT_PENDING}.
     *
     * @param out the holder to fill
     * @return status flags (more events pending, end of trace), or a negative error code
     */
    public int event(PtEvent out) {
        if (status < 0) {
            return status;
        }
        if (injectDisable) {
            injectDisable = false;
            out.clear().type(EventType.DISABLED).ipSuppressed(true);
            enabled = false;
            icnt = 0;
            return proceedTrailingEvent(null);
        }
        if (!evValid) {
            return INTERNAL;
        }
        int err;
        switch (ev.type()) {
            case TNT: {
                // A tick on the first TNT bit with a new time stamp.
                if (!tickEvents || !ev.hasTsc() || ev.tsc() == tsc) {
                    return BAD_QUERY;
                }
                out.clear().type(EventType.TICK).hasTsc(true).tsc(ev.tsc())
                        .lostMtc(ev.lostMtc()).lostCyc(ev.lostCyc()).ip(ip);
                hasTsc = true;
                tsc = ev.tsc();
                lostMtc = ev.lostMtc();
                lostCyc = ev.lostCyc();
                if (ev.size() == 0) {
                    err = fetchEvent();
                    if (err < 0) {
                        return err;
                    }
                }
                return proceedTrailingEvent(null);
            }
            case ENABLED:
                // Tracing resumes where it was disabled.
                if (ev.ip() == ip) {
                    ev.resumed(true);
                }
                err = processEnabled();
                break;
            case ASYNC_DISABLED:
                if (ip != ev.at()) {
                    return BAD_QUERY;
                }
                err = processDisabled();
                break;
            case DISABLED:
                err = processDisabled();
                break;
            case ASYNC_BRANCH:
                if (ip != ev.from()) {
                    return BAD_QUERY;
                }
                err = processAsyncBranch();
                break;
            case ASYNC_PAGING:
                if (!ev.ipSuppressed() && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                processPaging();
                err = 0;
                break;
            case PAGING:
                processPaging();
                err = 0;
                break;
            case ASYNC_VMCS:
                if (!ev.ipSuppressed() && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                processVmcs();
                err = 0;
                break;
            case VMCS:
                processVmcs();
                err = 0;
                break;
            case OVERFLOW:
                err = processOverflow();
                break;
            case EXEC_MODE:
                if (enabled && !ev.ipSuppressed() && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                err = ev.statusUpdate() ? applyStatusUpdate(false) : 0;
                mode = err < 0 ? mode : ev.execMode();
                break;
            case TSX:
                if (!ev.ipSuppressed() && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                speculative = ev.speculative();
                err = 0;
                break;
            case STOP:
                err = ev.statusUpdate() || enabled ? -PtError.BAD_CONTEXT.code() : 0;
                break;
            case EXSTOP, MWAIT:
                if (!ev.ipSuppressed() && enabled && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                err = 0;
                break;
            case PWRE, PWRX, PTWRITE, TICK, MNT, IRET, VMENTRY, UIRET:
                err = 0;
                break;
            case CBR:
                cbr = ev.ratio();
                err = 0;
                break;
            case TIP:
                return BAD_QUERY;
            case IFLAGS, INTERRUPT, SMI, INIT, VMEXIT, SHUTDOWN, UINTR, SWINTR, TRIG:
                if (enabled && !ev.ipSuppressed() && ip != ev.ip()) {
                    return BAD_QUERY;
                }
                err = 0;
                break;
            case RSM, SIPI:
                err = ev.ipSuppressed() ? 0 : INTERNAL;
                break;
            default:
                err = INTERNAL;
                break;
        }
        if (err < 0) {
            return err;
        }
        out.copyFrom(ev);
        err = fetchEvent();
        if (err < 0) {
            return err;
        }
        return proceedTrailingEvent(null);
    }

    private int processEnabled() {
        // Status updates only tell what we should know already.
        if (ev.statusUpdate()) {
            return enabled ? 0 : -PtError.BAD_STATUS_UPDATE.code();
        }
        if (ev.ipSuppressed()) {
            return -PtError.NOIP.code();
        }
        if (enabled) {
            return -PtError.BAD_CONTEXT.code();
        }
        ip = ev.ip();
        enabled = true;
        return 0;
    }

    private int processDisabled() {
        if (ev.statusUpdate()) {
            return enabled ? -PtError.BAD_STATUS_UPDATE.code() : 0;
        }
        if (!enabled) {
            return -PtError.BAD_CONTEXT.code();
        }
        // Keep the IP: tracing is expected to resume there.
        enabled = false;
        icnt = 0;
        return 0;
    }

    private int processAsyncBranch() {
        if (ev.statusUpdate() || !enabled) {
            return -PtError.BAD_CONTEXT.code();
        }
        ip = ev.ip();
        return 0;
    }

    private void processPaging() {
        long cr3 = ev.cr3();
        if (asid.cr3() != cr3) {
            cached.invalidate();
            asid = new Asid(cr3, asid.vmcs());
        }
    }

    private void processVmcs() {
        long base = ev.base();
        if (asid.vmcs() != base) {
            cached.invalidate();
            asid = new Asid(asid.cr3(), base);
        }
    }

    private int processOverflow() {
        if (ev.statusUpdate()) {
            return -PtError.BAD_CONTEXT.code();
        }
        if (ev.ipSuppressed()) {
            // Tracing resumed disabled; the old IP would only mislead.
            enabled = false;
            ip = 0;
        } else {
            enabled = true;
            ip = ev.ip();
        }
        // The TSX state is unknown; assume normal execution.
        speculative = false;
        return 0;
    }

    // ---------------------------------------------------------------- blocks

    /**
     * Decodes the next block ({@code pt_blk_next}).
     *
     * <p>Even on error the block holds the instructions decoded before the error.
     *
     * @param block the holder to fill
     * @return status flags, or a negative error code
     */
    public int next(Block block) {
        block.start(ip, mode, speculative);
        return proceed(block);
    }

    private int proceed(Block block) {
        if (status < 0) {
            if (status != EOS) {
                return status;
            }
            // Out of trace, we may still proceed until we need trace.
            if (!enabled) {
                return EOS;
            }
            int st = cached.proceedNoEvent(block);
            if (st < 0) {
                return st;
            }
            return StatusFlag.EOS;
        }
        if (injectDisable) {
            return status(StatusFlag.EVENT_PENDING);
        }
        if (!ev.is(EventType.TNT) && !ev.is(EventType.TIP)) {
            return proceedEvent(block);
        }
        if (!enabled) {
            return -PtError.NO_ENABLE.code();
        }
        int st = cached.proceedNoEvent(block);
        if (st < 0) {
            return st;
        }
        // Most blocks end at a branch with more branch bits or a TIP to come: nothing binds.
        if (status >= 0 && !injectDisable && !processInsn) {
            if (ev.is(EventType.TNT) && !tickEvents && ev.size() == 0) {
                // All bits used: fetch the next event, proceedTrailingEvent's first step.
                st = fetchEvent();
                if (st < 0) {
                    return st;
                }
            }
            if (status >= 0 && (ev.is(EventType.TIP)
                    || (ev.is(EventType.TNT) && !tickEvents && ev.size() != 0))) {
                return enabled ? 0 : StatusFlag.IP_SUPPRESSED;
            }
        }
        return proceedTrailingEvent(block);
    }

    int proceedNoEventUncached(Block block) {
        cur.clear();
        int st = proceedToInsn(block, P_FALSE);
        if (st < 0) {
            if (st != BAD_QUERY) {
                return st;
            }
            return proceedWithTrace(cur, curExt);
        }
        return 0;
    }

    // The instruction needs trace to find its successor: use the current TNT or TIP.
    int proceedWithTrace(Insn insn, DecodedInsn ext) {
        return proceedWithTrace(insn.iclass(), insn.ip, insn.size, ext.displacement(),
                ext.isDirect(), ext.extClass() == InsnExtClass.JMPABS);
    }

    int proceedWithTrace(InsnClass iclass, long iip, int isize, long disp,
            boolean direct, boolean jmpabs) {
        switch (iclass) {
            case COND_JUMP: {
                long next = iip + isize;
                int tnt = condBranch();
                if (tnt != 0) {
                    if (tnt < 0) {
                        return tnt;
                    }
                    next += disp;
                }
                ip = next;
                return 0;
            }
            case RETURN: {
                // A taken TNT bit is a compressed return.
                int tnt = condBranch();
                if (tnt <= 0) {
                    if (tnt == BAD_QUERY) {
                        break;
                    }
                    return tnt == 0 ? -PtError.BAD_RETCOMP.code() : tnt;
                }
                if (retstack.isEmpty()) {
                    return -PtError.RETSTACK_EMPTY.code();
                }
                ip = retstack.popUnchecked();
                return 0;
            }
            case JUMP:
                // JMPABS is direct but gets a TIP.
                if (jmpabs) {
                    break;
                }
                return direct ? INTERNAL : proceedIndirect();
            case CALL:
                return direct ? INTERNAL : proceedIndirect();
            case FAR_CALL, FAR_RETURN, FAR_JUMP, INDIRECT:
                break;
            case PTWRITE, OTHER:
                return INTERNAL;
            default:
                return -PtError.BAD_INSN.code();
        }
        return proceedIndirect();
    }

    int condBranch() {
        if (!evValid || !ev.is(EventType.TNT)) {
            return BAD_QUERY;
        }
        int size = ev.size();
        if (size == 0) {
            return INTERNAL;
        }
        size -= 1;
        ev.size(size);
        // The TNT event stays current at size 0 so a tick can still be reported for it.
        return (int) ((ev.bits() >>> size) & 1);
    }

    int proceedIndirect() {
        if (!evValid) {
            return BAD_QUERY;
        }
        if (ev.is(EventType.TIP)) {
            if (ev.ipSuppressed()) {
                return -PtError.BAD_PACKET.code();
            }
            long from = ip;
            ip = ev.ip();
            return tick(from);
        }
        switch (ev.type()) {
            case TNT: {
                // A deferred TIP may follow an unfinished TNT: look ahead, keep the TNT.
                tntSave.copyFrom(ev);
                int st = evNext(ev);
                if (st < 0 || ev.type() != EventType.TIP) {
                    havePeek = true;
                    peekStatus = st;
                    if (st >= 0) {
                        peekEv.copyFrom(ev);
                    }
                    ev.copyFrom(tntSave);
                    return BAD_QUERY;
                }
                ip = ev.ip();
                ev.copyFrom(tntSave);
                return 0;
            }
            default:
                return BAD_QUERY;
        }
    }

    // Turns the consumed TIP into a tick event if asked to, else moves on (pt_blk_tick).
    private int tick(long at) {
        if (tickEvents && ev.tsc() != tsc) {
            ev.type(EventType.TICK);
            ev.ip(at);
            return 0;
        }
        return fetchEvent();
    }

    // Decodes the instruction at insn.ip in insn.mode (pt_insn_decode).
    int decodeInsn(Insn insn, DecodedInsn ext) {
        int st = fetcher.decode(image, asid, insn.ip, insn.mode, insn.raw, ext);
        if (st < 0) {
            insn.iclass(InsnClass.UNKNOWN);
            return st;
        }
        insn.size = fetcher.size();
        insn.isid = fetcher.isid();
        insn.truncated = fetcher.truncated();
        insn.iclass(ext.iclass());
        return 0;
    }

    // Near calls push their return address, except calls to the next instruction (PIC idiom).
    void logCall(Insn insn, DecodedInsn ext) {
        if (insn.iclass() != InsnClass.CALL) {
            return;
        }
        if (ext.isDirect() && ext.displacement() == 0) {
            return;
        }
        retstack.push(insn.ip + insn.size);
    }

    /*
     * Adds the instruction at ip to the block and makes it cur (pt_blk_proceed_one_insn).
     * Returns 1 if added, 0 if it does not fit (block full, other section), or an error.
     */
    int proceedOneInsn(Block block) {
        int ninsn = block.ninsn + 1;
        if (ninsn > MAX_BLOCK_INSNS) {
            return 0;
        }
        // A truncated instruction must be last.
        if (block.truncated) {
            return 0;
        }
        Insn insn = tmp;
        DecodedInsn ext = tmpExt;
        insn.clear();
        insn.mode = mode;
        insn.ip = ip;
        int st = decodeInsn(insn, ext);
        if (st < 0) {
            return st;
        }
        // Blocks do not cross sections.
        if (insn.isid != block.isid) {
            if (block.ninsn != 0) {
                return 0;
            }
            block.isid = insn.isid;
        }
        if (insn.truncated) {
            System.arraycopy(insn.raw, 0, block.raw, 0, insn.size);
            block.size = insn.size;
            block.truncated = true;
        }
        logCall(insn, ext);
        block.iclass(insn.iclass());
        block.endIp = insn.ip;
        block.ninsn = ninsn;
        if (hasIcnt) {
            icnt += 1;
            if (icnt == 0) {
                return -PtError.OVERFLOW.code();
            }
        }
        tmp = cur;
        tmpExt = curExt;
        cur = insn;
        curExt = ext;
        return 1;
    }

    boolean endsBlock(Insn insn) {
        return endsBlock(insn.iclass());
    }

    private boolean endsBlock(InsnClass iclass) {
        return (config.endOnCall() && iclass == InsnClass.CALL)
                || (config.endOnJump() && iclass == InsnClass.JUMP);
    }

    int nextIp(DecodedInsn ext) {
        int st = ext.nextIpStatus();
        if (st < 0) {
            return st;
        }
        ip = ext.nextIp();
        return 0;
    }

    /*
     * Proceeds without trace to an instruction matching a predicate (pt_blk_proceed_to_insn).
     * Returns >0 if reached (cur is it, ip points to it), 0 if the block ended first,
     * -BAD_QUERY if trace is needed (cur needs it), or another error.
     */
    private int proceedToInsn(Block block, int predicate) {
        for (;;) {
            int st = proceedOneInsn(block);
            if (st <= 0) {
                return st;
            }
            if (matches(predicate, cur, curExt)) {
                return 1;
            }
            st = nextIp(curExt);
            if (st < 0) {
                return st;
            }
            if (endsBlock(cur)) {
                return 0;
            }
        }
    }

    private static boolean matches(int predicate, Insn insn, DecodedInsn ext) {
        switch (predicate) {
            case P_CR3:
                return ext.extClass().changesCr3();
            case P_PIP:
                return ext.bindsToPip();
            case P_VMCS:
                return ext.bindsToVmcs();
            case P_PTWRITE:
                return insn.iclass() == InsnClass.PTWRITE;
            case P_IRET:
                return ext.extClass().isIret();
            case P_VMENTRY:
                return ext.extClass().isVmentry();
            case P_UIRET:
                return ext.extClass().isUiret();
            case P_SKL014:
                return skl014(insn, ext);
            default:
                return false;
        }
    }

    // SKL014: a TIP.PGD without IP may bind to a direct branch out of the filter region.
    private static boolean skl014(Insn insn, DecodedInsn ext) {
        switch (insn.iclass()) {
            case JUMP:
                if (ext.extClass() == InsnExtClass.JMPABS) {
                    return false;
                }
                return ext.isDirect();
            case CALL:
                return ext.isDirect();
            case OTHER:
                return ext.extClass().changesCr3();
            default:
                return false;
        }
    }

    /*
     * Proceeds without trace until ip is target (pt_blk_proceed_to_ip). Returns >0 if reached
     * (cur is the instruction before it), 0 if the block ended first, or an error. A way taken
     * before is replayed from the way memo.
     */
    private int proceedToIp(Block block, long target) {
        if (ip == target) {
            return 1;
        }
        int slot = ways.find(image, asid, ip, target, mode);
        if (slot >= 0) {
            int st = replayWay(block, slot);
            if (st != WAY_MISS) {
                return st;
            }
        }
        return walkToIp(block, target);
    }

    // What replayWay returns when the recorded way does not apply to this block.
    private static final int WAY_MISS = Integer.MIN_VALUE;

    // Replays a recorded way as walkToIp would take it, unless the block would end on the way.
    private int replayWay(Block block, int slot) {
        int count = ways.count(slot);
        int isid = ways.isid(slot);
        if (block.truncated || block.ninsn + count > MAX_BLOCK_INSNS
                || (block.ninsn != 0 && block.isid != isid)) {
            return WAY_MISS;
        }
        if (hasIcnt) {
            // The walk would report an overflowing instruction count on the way.
            if (Integer.compareUnsigned(icnt, -count) >= 0) {
                return WAY_MISS;
            }
            icnt += count;
        }
        for (int i = 0, n = ways.npush(slot); i < n; i++) {
            retstack.push(ways.push(slot, i));
        }
        block.isid = isid;
        block.iclass(ways.iclass(slot));
        block.endIp = ways.endIp(slot);
        block.ninsn += count;
        ip = ways.nextIp(slot);
        Insn last = ways.last(slot);
        if (last != null) {
            Insn insn = tmp;
            DecodedInsn ext = tmpExt;
            insn.copyFrom(last);
            ext.copyFrom(ways.lastExt(slot));
            tmp = cur;
            tmpExt = curExt;
            cur = insn;
            curExt = ext;
        }
        return ways.status(slot);
    }

    /*
     * The walk of proceedToIp, recording its outcome in the way memo if it ended by itself
     * within one section and with few calls.
     */
    private int walkToIp(Block block, long target) {
        long start = ip;
        int ninsn0 = block.ninsn;
        int pushes0 = retstack.pushes();
        boolean lastSet = false;
        boolean clean = true;
        int st;
        for (;;) {
            if (ip == target) {
                st = 1;
                break;
            }
            // Most instructions on the way are known: callers need only the last one as cur.
            st = cached.proceedOneMemoized(block);
            if (st > 0) {
                if (endsBlock(block.iclass())) {
                    st = ip == target ? 1 : 0;
                    break;
                }
                continue;
            }
            st = proceedOneInsn(block);
            if (st <= 0) {
                clean = false;
                break;
            }
            st = nextIp(curExt);
            if (st < 0) {
                // Stopped at an instruction that needs trace: recorded if read from a section.
                clean = st == BAD_QUERY && !block.truncated && cached.holds(cur.ip, cur.size);
                lastSet = true;
                break;
            }
            // Read elsewhere (the image's reader): not recorded.
            clean = false;
            if (endsBlock(cur)) {
                st = ip == target ? 1 : 0;
                break;
            }
        }
        int npush = retstack.pushes() - pushes0;
        if (clean && npush <= WayMemo.MAX_PUSHES) {
            ways.put(image, asid, start, target, mode, st, block.ninsn - ninsn0, block, ip,
                    retstack, npush, lastSet ? cur : null, curExt);
        }
        return st;
    }

    private int proceedSkl014(Block block) {
        int st;
        for (;;) {
            st = proceedToInsn(block, P_SKL014);
            if (st <= 0) {
                break;
            }
            // Not the erratum if the event can bind to a CR3 change.
            if (curExt.extClass().changesCr3()) {
                break;
            }
            st = curExt.nextIpStatus();
            if (st < 0) {
                break;
            }
            long target = curExt.nextIp();
            // We reached the event if the branch leaves the traced region.
            if (!AddressFilters.traced(qconfig.addressFilter(), target)) {
                st = 1;
                break;
            }
            ip = target;
            if (endsBlock(cur)) {
                break;
            }
        }
        return st;
    }

    private int proceedToDisabled(Block block) {
        if (ev.ipSuppressed()) {
            // Without a filter configuration we assume SKL014 does not apply.
            if (qconfig.addressFilter().addrCfg() != 0 && qconfig.skl014()) {
                return proceedSkl014(block);
            }
            // Far branches and CPL changes need trace and end up as -BAD_QUERY.
            return proceedToInsn(block, P_CR3);
        }
        return proceedToIp(block, ev.ip());
    }

    // After a synchronous disable, tracing likely resumes after a call returns.
    private void setDisableResumeIp(Insn insn) {
        if (insn.iclass() == InsnClass.CALL || insn.iclass() == InsnClass.FAR_CALL) {
            ip = insn.ip + insn.size;
        } else {
            ip = 0;
        }
    }

    /*
     * Proceeds to and past the instruction an event binds to: the next one matching the
     * predicate, or the one at the event IP (ptwrite, iret, vmentry, uiret).
     */
    private int proceedToBoundInsn(Block block, int predicate) {
        if (ev.ipSuppressed()) {
            return proceedToInsn(block, predicate);
        }
        int st = proceedToIp(block, ev.ip());
        if (st <= 0) {
            return st;
        }
        // The block may overflow here, postponing both instruction and event.
        return proceedOneInsn(block);
    }

    private int provideTrigAnchor() {
        if (ev.type() != EventType.TRIG || ev.ipSuppressed()) {
            return INTERNAL;
        }
        if (ev.ip() != 0) {
            return 0;
        }
        if (!hasIcnt) {
            return -PtError.BAD_PACKET.code();
        }
        if (Integer.compareUnsigned(ev.icnt(), icnt) < 0) {
            return -PtError.BAD_PACKET.code();
        }
        ev.icnt((ev.icnt() - icnt) & 0xffff);
        ev.ip(ip);
        return 0;
    }

    private int proceedToTrig(Block block) {
        if (ev.ipSuppressed()) {
            return 1;
        }
        int st = provideTrigAnchor();
        if (st < 0) {
            return st;
        }
        if (!enabled) {
            return ev.icnt() == 0 ? INTERNAL : 1;
        }
        st = proceedToIp(block, ev.ip());
        if (st <= 0) {
            return st;
        }
        // Count instructions from the anchor; progress is kept in the event.
        while (ev.icnt() != 0) {
            st = proceedOneInsn(block);
            if (st <= 0) {
                return st;
            }
            st = nextIp(curExt);
            if (st < 0) {
                return st;
            }
            ev.ip(ip);
            ev.icnt(ev.icnt() - 1);
        }
        return 1;
    }

    // SKD022: an asynchronous disable on VMLAUNCH/VMRESUME may be a synchronous one.
    private int handleSkd022() {
        aux.clear();
        aux.mode = mode;
        aux.ip = ev.at();
        if (decodeInsn(aux, auxExt) < 0) {
            return 0;
        }
        if (!auxExt.extClass().isVmentry()) {
            return 0;
        }
        ev.type(EventType.DISABLED);
        return 1;
    }

    // Keeps cur (the instruction the event bound to) until its events are reported.
    private int postponeInsn() {
        if (processInsn) {
            return INTERNAL;
        }
        processInsn = true;
        Insn ti = pInsn;
        DecodedInsn te = pExt;
        pInsn = cur;
        pExt = curExt;
        cur = ti;
        curExt = te;
        return status(StatusFlag.EVENT_PENDING);
    }

    private int clearPostponedInsn() {
        processInsn = false;
        boundPaging = false;
        boundVmcs = false;
        boundPtwrite = false;
        boundIret = false;
        boundVmentry = false;
        boundUiret = false;
        return 0;
    }

    private int proceedPostponedInsn() {
        if (!processInsn) {
            return 0;
        }
        if (!enabled) {
            return clearPostponedInsn();
        }
        int st = nextIp(pExt);
        if (st < 0) {
            if (st != BAD_QUERY) {
                return st;
            }
            st = proceedWithTrace(pInsn, pExt);
            if (st < 0) {
                return st;
            }
        }
        return clearPostponedInsn();
    }

    /*
     * Proceeds to where the current event applies and reports it (pt_blk_proceed_event).
     * Returns 0 if the block ended before.
     */
    private int proceedEvent(Block block) {
        cur.clear();
        int st;
        switch (ev.type()) {
            case ENABLED:
                break;
            case DISABLED:
                if (ev.statusUpdate()) {
                    break;
                }
                st = proceedToDisabled(block);
                if (st <= 0) {
                    // It also binds to the next branch that would need trace.
                    if (st != BAD_QUERY) {
                        return st;
                    }
                    setDisableResumeIp(cur);
                }
                break;
            case ASYNC_DISABLED:
                st = proceedToIp(block, ev.at());
                if (st <= 0) {
                    return st;
                }
                if (qconfig.skd022() && handleSkd022() > 0) {
                    return proceedEvent(block);
                }
                break;
            case ASYNC_BRANCH:
                st = proceedToIp(block, ev.from());
                if (st <= 0) {
                    return st;
                }
                break;
            case PAGING:
                if (!enabled) {
                    break;
                }
                st = proceedToInsn(block, P_PIP);
                if (st <= 0) {
                    return st;
                }
                boundPaging = true;
                return postponeInsn();
            case VMCS:
                if (!enabled) {
                    break;
                }
                st = proceedToInsn(block, P_VMCS);
                if (st <= 0) {
                    return st;
                }
                boundVmcs = true;
                return postponeInsn();
            case PTWRITE:
                if (!enabled) {
                    break;
                }
                st = proceedToBoundInsn(block, P_PTWRITE);
                if (st <= 0) {
                    return st;
                }
                boundPtwrite = true;
                return postponeInsn();
            case IRET:
                if (!enabled) {
                    break;
                }
                st = proceedToBoundInsn(block, P_IRET);
                if (st <= 0) {
                    return st;
                }
                boundIret = true;
                return postponeInsn();
            case VMENTRY:
                if (!enabled) {
                    break;
                }
                st = proceedToBoundInsn(block, P_VMENTRY);
                if (st <= 0) {
                    return st;
                }
                boundVmentry = true;
                return postponeInsn();
            case UIRET:
                if (!enabled) {
                    break;
                }
                st = proceedToBoundInsn(block, P_UIRET);
                if (st <= 0) {
                    return st;
                }
                boundUiret = true;
                return postponeInsn();
            case ASYNC_PAGING, ASYNC_VMCS, EXEC_MODE, TSX, IFLAGS, INTERRUPT, SMI, INIT, VMEXIT,
                    SHUTDOWN, UINTR, SWINTR:
                if (ev.ipSuppressed()) {
                    break;
                }
                st = proceedToIp(block, ev.ip());
                if (st <= 0) {
                    return st;
                }
                break;
            case EXSTOP, MWAIT:
                if (!enabled || ev.ipSuppressed()) {
                    break;
                }
                st = proceedToIp(block, ev.ip());
                if (st <= 0) {
                    return st;
                }
                break;
            case OVERFLOW, STOP, PWRE, PWRX, TICK, CBR, MNT, RSM, SIPI:
                break;
            case TIP, TNT:
                return INTERNAL;
            case TRIG:
                st = proceedToTrig(block);
                if (st <= 0) {
                    return st;
                }
                break;
            default:
                break;
        }
        return status(StatusFlag.EVENT_PENDING);
    }

    private int handleBdm64(Block block) {
        // Only aborts right after a branch that produced trace.
        if (!ev.aborted() || block.ninsn == 0) {
            return 0;
        }
        aux.clear();
        aux.mode = block.mode;
        aux.ip = block.endIp;
        if (decodeInsn(aux, auxExt) < 0) {
            return 0;
        }
        if (!aux.iclass().isBranch()) {
            return 0;
        }
        // If the abort IP is reachable from here, assume the erratum did not hit.
        int st = rangeIsContiguous(ip, ev.ip());
        if (st > 0) {
            return st;
        }
        // Pretend the branch brought us to the abort location.
        ip = ev.ip();
        return 1;
    }

    // Whether end is reached from begin without trace in a few steps (pt_insn_range_is_contiguous).
    private int rangeIsContiguous(long begin, long end) {
        long at = begin;
        for (int steps = BDM64_MAX_STEPS; at != end; steps--) {
            if (steps == 0) {
                return 0;
            }
            aux.clear();
            aux.mode = mode;
            aux.ip = at;
            int st = decodeInsn(aux, auxExt);
            if (st < 0) {
                return st;
            }
            st = auxExt.nextIpStatus();
            if (st < 0) {
                return st;
            }
            at = auxExt.nextIp();
        }
        return 1;
    }

    private int postponeTrailingTsx(Block block) {
        if (ev.ipSuppressed()) {
            return 0;
        }
        if (block != null && qconfig.bdm64() && handleBdm64(block) < 0) {
            return 1;
        }
        return ip != ev.ip() ? 1 : 0;
    }

    /*
     * Reports events that bind to the current IP (pt_blk_proceed_trailing_event): after
     * synchronizing, at the end of a block, and after each reported event.
     */
    private int proceedTrailingEvent(Block block) {
        for (;;) {
            if (status < 0) {
                int err = proceedPostponedInsn();
                if (err < 0) {
                    return err;
                }
                /*
                 * Without a block, let the caller query the event decode error through
                 * event(); after a block, the next call reports it with the IP it applies to.
                 * The end of the trace is a status flag.
                 */
                return status(status != EOS && block == null ? StatusFlag.EVENT_PENDING : 0);
            }
            if (injectDisable) {
                return status(StatusFlag.EVENT_PENDING);
            }
            // The common cases first, without the switch: more branch bits, or a TIP.
            if (ev.is(EventType.TNT) && !tickEvents) {
                if (ev.size() != 0) {
                    return endTrailing();
                }
                int st = fetchEvent();
                if (st < 0) {
                    return st;
                }
                continue;
            }
            if (ev.is(EventType.TIP)) {
                return endTrailing();
            }
            int st;
            switch (ev.type()) {
                case TNT:
                    // A tick on the first bit of a TNT with a new time stamp, once.
                    if (!tickEvents || block == null || !ev.hasTsc()
                            || ev.tsc() == tsc) {
                        if (ev.size() != 0) {
                            return endTrailing();
                        }
                        // All bits used; the fetch was postponed for ticks.
                        st = fetchEvent();
                        if (st < 0) {
                            return st;
                        }
                        continue;
                    }
                    // Postpone the tick if the block ended for another reason.
                    if (block.iclass() != InsnClass.COND_JUMP && block.iclass() != InsnClass.RETURN) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case TIP:
                    return endTrailing();
                case TICK, ENABLED, OVERFLOW, STOP, PWRE, PWRX, CBR, MNT:
                    return pendingAfterPostponed();
                case DISABLED:
                    // A PSB+ without FUP: nothing to bind to, report it.
                    if (ev.statusUpdate()) {
                        return pendingAfterPostponed();
                    }
                    if (!processInsn) {
                        return endTrailing();
                    }
                    // It may bind to a CR3-changing instruction.
                    if (ev.ipSuppressed() && pExt.extClass().changesCr3()) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    // Or to the next branch that needs trace.
                    st = nextIp(pExt);
                    if (st < 0) {
                        if (st != BAD_QUERY) {
                            return st;
                        }
                        setDisableResumeIp(pInsn);
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    clearPostponedInsn();
                    if (!ev.ipSuppressed() && ip == ev.ip()) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    return endTrailing();
                case ASYNC_DISABLED:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (ip != ev.at()) {
                        return endTrailing();
                    }
                    if (qconfig.skd022() && handleSkd022() > 0) {
                        // Now a synchronous disable for the next block.
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case ASYNC_BRANCH:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (ip != ev.from()) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case PAGING:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundPaging || !pExt.bindsToPip()) {
                        return endTrailing();
                    }
                    boundPaging = true;
                    return status(StatusFlag.EVENT_PENDING);
                case VMCS:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundVmcs || !pExt.bindsToVmcs()) {
                        return endTrailing();
                    }
                    boundVmcs = true;
                    return status(StatusFlag.EVENT_PENDING);
                case ASYNC_PAGING, ASYNC_VMCS:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (!ev.ipSuppressed() && ip != ev.ip()) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case EXEC_MODE:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    // With event tracing, MODE.Exec may come while tracing is disabled.
                    if (enabled && !ev.ipSuppressed() && ip != ev.ip()) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case TSX:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    st = postponeTrailingTsx(block);
                    if (st != 0) {
                        if (st < 0) {
                            return st;
                        }
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case EXSTOP, MWAIT:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (!ev.ipSuppressed() && enabled && ip != ev.ip()) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case PTWRITE:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundPtwrite || !ev.ipSuppressed()
                            || pInsn.iclass() != InsnClass.PTWRITE) {
                        return endTrailing();
                    }
                    boundPtwrite = true;
                    return status(StatusFlag.EVENT_PENDING);
                case IRET:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundIret || !ev.ipSuppressed()
                            || !pExt.extClass().isIret()) {
                        return endTrailing();
                    }
                    boundIret = true;
                    return status(StatusFlag.EVENT_PENDING);
                case VMENTRY:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundVmentry || !ev.ipSuppressed()
                            || !pExt.extClass().isVmentry()) {
                        return endTrailing();
                    }
                    boundVmentry = true;
                    return status(StatusFlag.EVENT_PENDING);
                case UIRET:
                    if (!enabled) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    if (!processInsn || boundUiret || !ev.ipSuppressed()
                            || !pExt.extClass().isUiret()) {
                        return endTrailing();
                    }
                    boundUiret = true;
                    return status(StatusFlag.EVENT_PENDING);
                case IFLAGS, INTERRUPT, SMI, INIT, VMEXIT, SHUTDOWN, UINTR, SWINTR:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (enabled && !ev.ipSuppressed() && ip != ev.ip()) {
                        return endTrailing();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case RSM, SIPI:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    if (!ev.ipSuppressed()) {
                        return INTERNAL;
                    }
                    return status(StatusFlag.EVENT_PENDING);
                case TRIG:
                    st = proceedPostponedInsn();
                    if (st < 0) {
                        return st;
                    }
                    // Placing it needs an IP and tracing enabled.
                    if (!enabled || ev.ipSuppressed()) {
                        return status(StatusFlag.EVENT_PENDING);
                    }
                    st = provideTrigAnchor();
                    if (st < 0) {
                        return st;
                    }
                    // We get to a later TRIG location in the next iteration.
                    if (ev.icnt() != 0) {
                        return endTrailing();
                    }
                    if (ev.ip() != ip) {
                        return -PtError.BAD_PACKET.code();
                    }
                    return status(StatusFlag.EVENT_PENDING);
                default:
                    return endTrailing();
            }
        }
    }

    private int pendingAfterPostponed() {
        int st = proceedPostponedInsn();
        if (st < 0) {
            return st;
        }
        return status(StatusFlag.EVENT_PENDING);
    }

    // No further events here: proceed past any postponed instruction.
    private int endTrailing() {
        int st = proceedPostponedInsn();
        if (st < 0) {
            return st;
        }
        return status(0);
    }
}
