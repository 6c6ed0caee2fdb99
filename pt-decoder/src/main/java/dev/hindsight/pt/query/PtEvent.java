package dev.hindsight.pt.query;

import dev.hindsight.pt.x86.ExecMode;
/**
 * A mutable, reusable event holder mirroring libipt's {@code struct pt_event}.
 *
 * <p>Decoders fill a caller-owned holder in {@code next(PtEvent)}; the holder is overwritten by
 * the next call, so copy what must be kept ({@link #copyFrom(PtEvent)}). The common part is the
 * type, the flags {@link #ipSuppressed()} and {@link #statusUpdate()}, and the timing
 * ({@link #hasTsc()}, {@link #tsc()}, {@link #lostMtc()}, {@link #lostCyc()}).
 *
 * <p>The payload is flat rather than a union; each {@link EventType} documents which accessors
 * are valid. Fields libipt's variants share by name share one field here:
 * <ul>
 *   <li>{@link #ip()}: the event IP of every variant that has one ({@code enabled.ip},
 *       {@code disabled.ip}, {@code async_disabled.ip}, {@code async_branch.to} = {@link #to()},
 *       {@code overflow.ip}, {@code tip.ip}, ...), invalid if {@link #ipSuppressed()};</li>
 *   <li>{@link #from()}: {@code async_branch.from}, also {@code async_disabled.at} = {@link #at()};</li>
 *   <li>{@link #payload()}: {@code ptwrite.payload}, {@code mnt.payload};</li>
 *   <li>{@link #size()}: {@code ptwrite.size}, {@code tnt.size};</li>
 *   <li>{@link #vector()}: {@code interrupt}, {@code sipi}, {@code vmexit}, {@code uintr}.</li>
 * </ul>
 * Setters return {@code this}; they exist so decoders (and flow decoders that synthesize or
 * complete events, e.g. tick or trig) can fill the holder without allocation.
 */
public final class PtEvent {
    private static final EventType[] TYPES = EventType.values();
    private static final int ENABLED = EventType.ENABLED.ordinal();
    /*
     * The type's ordinal rather than the enum: events are cleared, typed and copied several
     * times each on the flow decoders' hot path, and every reference store costs a GC write
     * barrier; an int store costs nothing extra.
     */
    private int type = ENABLED;
    private boolean ipSuppressed;
    private boolean statusUpdate;
    private boolean hasTsc;
    private long tsc;
    private int lostMtc;
    private int lostCyc;

    private long ip;
    private long from;
    private boolean resumed;
    private long cr3;
    private boolean nonRoot;
    private ExecMode execMode = ExecMode.UNKNOWN;
    private boolean speculative;
    private boolean aborted;
    private long base;
    private int hints;
    private int ext;
    private int state;
    private int subState;
    private boolean hw;
    private int last;
    private int deepest;
    private boolean wakeInterrupt;
    private boolean wakeStore;
    private boolean wakeAutonomous;
    private int size;
    private long payload;
    private int ratio;
    private long bits;
    private boolean iflag;
    private boolean hasCr2;
    private int vector;
    private long cr2;
    private boolean hasVector;
    private boolean hasVmxr;
    private boolean hasVmxq;
    private long vmxr;
    private long vmxq;
    private int trbv;
    private int icnt;
    private boolean mult;
    /*
     * Whether a field other than the common part, ip, size and bits may be non-zero. Most events
     * (TNT, TIP) use only those, so clear() and copyFrom() skip the ~30 others unless they were
     * set: both run once per event on the flow decoders' hot path.
     */
    private boolean rare;

    /** Creates a cleared event (type {@link EventType#ENABLED}, all fields zero). */
    public PtEvent() {
    }

    /**
     * Resets every field to zero/false, type {@link EventType#ENABLED} and exec mode
     * {@link ExecMode#UNKNOWN}, like libipt's {@code memset(ev, 0, ...)}.
     *
     * @return this
     */
    public PtEvent clear() {
        type = ENABLED;
        ipSuppressed = false;
        statusUpdate = false;
        hasTsc = false;
        tsc = 0;
        lostMtc = 0;
        lostCyc = 0;
        ip = 0;
        size = 0;
        bits = 0;
        if (rare) {
            clearRare();
        }
        return this;
    }

    private void clearRare() {
        from = 0;
        resumed = false;
        cr3 = 0;
        nonRoot = false;
        execMode = ExecMode.UNKNOWN;
        speculative = false;
        aborted = false;
        base = 0;
        hints = 0;
        ext = 0;
        state = 0;
        subState = 0;
        hw = false;
        last = 0;
        deepest = 0;
        wakeInterrupt = false;
        wakeStore = false;
        wakeAutonomous = false;
        payload = 0;
        ratio = 0;
        iflag = false;
        hasCr2 = false;
        vector = 0;
        cr2 = 0;
        hasVector = false;
        hasVmxr = false;
        hasVmxq = false;
        vmxr = 0;
        vmxq = 0;
        trbv = 0;
        icnt = 0;
        mult = false;
        rare = false;
    }

    /**
     * Copies every field of {@code other} into this holder.
     *
     * @param other the event to copy
     * @return this
     */
    public PtEvent copyFrom(PtEvent other) {
        type = other.type;
        ipSuppressed = other.ipSuppressed;
        statusUpdate = other.statusUpdate;
        hasTsc = other.hasTsc;
        tsc = other.tsc;
        lostMtc = other.lostMtc;
        lostCyc = other.lostCyc;
        ip = other.ip;
        size = other.size;
        bits = other.bits;
        if (other.rare) {
            copyRare(other);
        } else if (rare) {
            clearRare();
        }
        return this;
    }

    private void copyRare(PtEvent other) {
        from = other.from;
        resumed = other.resumed;
        cr3 = other.cr3;
        nonRoot = other.nonRoot;
        execMode = other.execMode;
        speculative = other.speculative;
        aborted = other.aborted;
        base = other.base;
        hints = other.hints;
        ext = other.ext;
        state = other.state;
        subState = other.subState;
        hw = other.hw;
        last = other.last;
        deepest = other.deepest;
        wakeInterrupt = other.wakeInterrupt;
        wakeStore = other.wakeStore;
        wakeAutonomous = other.wakeAutonomous;
        payload = other.payload;
        ratio = other.ratio;
        iflag = other.iflag;
        hasCr2 = other.hasCr2;
        vector = other.vector;
        cr2 = other.cr2;
        hasVector = other.hasVector;
        hasVmxr = other.hasVmxr;
        hasVmxq = other.hasVmxq;
        vmxr = other.vmxr;
        vmxq = other.vmxq;
        trbv = other.trbv;
        icnt = other.icnt;
        mult = other.mult;
        rare = true;
    }

    // ---- common fields ----

    /** The event type. */
    public EventType type() {
        return TYPES[type];
    }

    /**
     * Whether the event is of type {@code value}: {@code type() == value} without looking the
     * type up, for the flow decoders' hot paths.
     *
     * @param value the type
     * @return whether it is the event's type
     */
    public boolean is(EventType value) {
        return type == value.ordinal();
    }

    /** Sets the event type. @param value the type @return this */
    public PtEvent type(EventType value) {
        type = value.ordinal();
        return this;
    }

    /** Whether the event IP has been suppressed, i.e. {@link #ip()} is not valid. */
    public boolean ipSuppressed() {
        return ipSuppressed;
    }

    /** Sets the ip-suppressed flag. @param value the flag @return this */
    public PtEvent ipSuppressed(boolean value) {
        ipSuppressed = value;
        return this;
    }

    /** Whether the event is a status update from a PSB+ header rather than a change. */
    public boolean statusUpdate() {
        return statusUpdate;
    }

    /** Sets the status-update flag. @param value the flag @return this */
    public PtEvent statusUpdate(boolean value) {
        statusUpdate = value;
        return this;
    }

    /** Whether {@link #tsc()} is valid. */
    public boolean hasTsc() {
        return hasTsc;
    }

    /** Sets the has-tsc flag. @param value the flag @return this */
    public PtEvent hasTsc(boolean value) {
        hasTsc = value;
        return this;
    }

    /** The estimated time stamp count of the event; valid if {@link #hasTsc()}. */
    public long tsc() {
        return tsc;
    }

    /** Sets the time stamp count. @param value the tsc @return this */
    public PtEvent tsc(long value) {
        tsc = value;
        return this;
    }

    /** The number of MTC packets lost to missing calibration before this event. */
    public int lostMtc() {
        return lostMtc;
    }

    /** Sets the lost MTC count. @param value the count @return this */
    public PtEvent lostMtc(int value) {
        lostMtc = value;
        return this;
    }

    /** The number of CYC packets lost to missing calibration before this event. */
    public int lostCyc() {
        return lostCyc;
    }

    /** Sets the lost CYC count. @param value the count @return this */
    public PtEvent lostCyc(int value) {
        lostCyc = value;
        return this;
    }

    // ---- payload ----

    /** The event IP (see the class comment for which variants use it); invalid if suppressed. */
    public long ip() {
        return ip;
    }

    /** Sets the event IP. @param value the ip @return this */
    public PtEvent ip(long value) {
        ip = value;
        return this;
    }

    /** {@code async_branch.to}: the same field as {@link #ip()}. */
    public long to() {
        return ip;
    }

    /** Sets {@code async_branch.to} (= {@link #ip(long)}). @param value the ip @return this */
    public PtEvent to(long value) {
        ip = value;
        return this;
    }

    /** {@code async_branch.from}: the source of an asynchronous branch. */
    public long from() {
        return from;
    }

    /** Sets {@code async_branch.from}. @param value the ip @return this */
    public PtEvent from(long value) {
        from = value;
        rare = true;
        return this;
    }

    /** {@code async_disabled.at}: the same field as {@link #from()}. */
    public long at() {
        return from;
    }

    /** Sets {@code async_disabled.at} (= {@link #from(long)}). @param value the ip @return this */
    public PtEvent at(long value) {
        from = value;
        rare = true;
        return this;
    }

    /** {@code enabled.resumed}: tracing resumes where it had been disabled. */
    public boolean resumed() {
        return resumed;
    }

    /** Sets {@code enabled.resumed}. @param value the flag @return this */
    public PtEvent resumed(boolean value) {
        resumed = value;
        rare = true;
        return this;
    }

    /** {@code paging.cr3}/{@code async_paging.cr3}: the new CR3 value. */
    public long cr3() {
        return cr3;
    }

    /** Sets the CR3 value. @param value the cr3 @return this */
    public PtEvent cr3(long value) {
        cr3 = value;
        rare = true;
        return this;
    }

    /** {@code paging.non_root}: the CPU is in VMX non-root (guest) operation. */
    public boolean nonRoot() {
        return nonRoot;
    }

    /** Sets the non-root flag. @param value the flag @return this */
    public PtEvent nonRoot(boolean value) {
        nonRoot = value;
        rare = true;
        return this;
    }

    /** {@code exec_mode.mode}: the new execution mode. */
    public ExecMode execMode() {
        return execMode;
    }

    /** Sets the execution mode. @param value the mode @return this */
    public PtEvent execMode(ExecMode value) {
        execMode = value;
        rare = true;
        return this;
    }

    /** {@code tsx.speculative}: execution is speculative (inside a transaction). */
    public boolean speculative() {
        return speculative;
    }

    /** Sets the speculative flag. @param value the flag @return this */
    public PtEvent speculative(boolean value) {
        speculative = value;
        rare = true;
        return this;
    }

    /** {@code tsx.aborted}: the transaction aborted. */
    public boolean aborted() {
        return aborted;
    }

    /** Sets the aborted flag. @param value the flag @return this */
    public PtEvent aborted(boolean value) {
        aborted = value;
        rare = true;
        return this;
    }

    /** {@code vmcs.base}/{@code async_vmcs.base}: the VMCS base address. */
    public long base() {
        return base;
    }

    /** Sets the VMCS base. @param value the base @return this */
    public PtEvent base(long value) {
        base = value;
        rare = true;
        return this;
    }

    /** {@code mwait.hints}: the MWAIT hints (EAX). */
    public int hints() {
        return hints;
    }

    /** Sets the MWAIT hints. @param value the hints @return this */
    public PtEvent hints(int value) {
        hints = value;
        rare = true;
        return this;
    }

    /** {@code mwait.ext}: the MWAIT extensions (ECX). */
    public int ext() {
        return ext;
    }

    /** Sets the MWAIT extensions. @param value the extensions @return this */
    public PtEvent ext(int value) {
        ext = value;
        rare = true;
        return this;
    }

    /** {@code pwre.state}: the resolved thread C-state. */
    public int state() {
        return state;
    }

    /** Sets the C-state. @param value the state @return this */
    public PtEvent state(int value) {
        state = value;
        rare = true;
        return this;
    }

    /** {@code pwre.sub_state}: the resolved thread sub C-state. */
    public int subState() {
        return subState;
    }

    /** Sets the sub C-state. @param value the sub state @return this */
    public PtEvent subState(int value) {
        subState = value;
        rare = true;
        return this;
    }

    /** {@code pwre.hw}: the C-state entry was initiated by hardware. */
    public boolean hw() {
        return hw;
    }

    /** Sets the hardware flag. @param value the flag @return this */
    public PtEvent hw(boolean value) {
        hw = value;
        rare = true;
        return this;
    }

    /** {@code pwrx.last}: the core C-state at the time of the wake. */
    public int last() {
        return last;
    }

    /** Sets the last C-state. @param value the state @return this */
    public PtEvent last(int value) {
        last = value;
        rare = true;
        return this;
    }

    /** {@code pwrx.deepest}: the deepest core C-state achieved during sleep. */
    public int deepest() {
        return deepest;
    }

    /** Sets the deepest C-state. @param value the state @return this */
    public PtEvent deepest(int value) {
        deepest = value;
        rare = true;
        return this;
    }

    /** {@code pwrx.interrupt}: woken by an external interrupt. */
    public boolean wakeInterrupt() {
        return wakeInterrupt;
    }

    /** Sets {@code pwrx.interrupt}. @param value the flag @return this */
    public PtEvent wakeInterrupt(boolean value) {
        wakeInterrupt = value;
        rare = true;
        return this;
    }

    /** {@code pwrx.store}: woken by a store to a monitored address. */
    public boolean wakeStore() {
        return wakeStore;
    }

    /** Sets {@code pwrx.store}. @param value the flag @return this */
    public PtEvent wakeStore(boolean value) {
        wakeStore = value;
        rare = true;
        return this;
    }

    /** {@code pwrx.autonomous}: woken by a hardware autonomous condition such as HDC. */
    public boolean wakeAutonomous() {
        return wakeAutonomous;
    }

    /** Sets {@code pwrx.autonomous}. @param value the flag @return this */
    public PtEvent wakeAutonomous(boolean value) {
        wakeAutonomous = value;
        rare = true;
        return this;
    }

    /** {@code ptwrite.size} (payload bytes) or {@code tnt.size} (number of valid bits). */
    public int size() {
        return size;
    }

    /** Sets the size. @param value the size @return this */
    public PtEvent size(int value) {
        size = value;
        return this;
    }

    /** {@code ptwrite.payload} or {@code mnt.payload}. */
    public long payload() {
        return payload;
    }

    /** Sets the payload. @param value the payload @return this */
    public PtEvent payload(long value) {
        payload = value;
        rare = true;
        return this;
    }

    /** {@code cbr.ratio}: the core:bus ratio. */
    public int ratio() {
        return ratio;
    }

    /** Sets the core:bus ratio. @param value the ratio @return this */
    public PtEvent ratio(int value) {
        ratio = value;
        rare = true;
        return this;
    }

    /**
     * {@code tnt.bits}: the branch indicators, oldest in bit {@code size-1}, youngest in bit 0;
     * 1 = taken.
     */
    public long bits() {
        return bits;
    }

    /** Sets the TNT bits. @param value the bits @return this */
    public PtEvent bits(long value) {
        bits = value;
        return this;
    }

    /** {@code iflags.iflag}: the new EFLAGS.IF. */
    public boolean iflag() {
        return iflag;
    }

    /** Sets the interrupt flag. @param value the flag @return this */
    public PtEvent iflag(boolean value) {
        iflag = value;
        rare = true;
        return this;
    }

    /** {@code interrupt.has_cr2}: {@link #cr2()} is valid. */
    public boolean hasCr2() {
        return hasCr2;
    }

    /** Sets {@code has_cr2}. @param value the flag @return this */
    public PtEvent hasCr2(boolean value) {
        hasCr2 = value;
        rare = true;
        return this;
    }

    /** The interrupt, exception, SIPI or user-interrupt vector. */
    public int vector() {
        return vector;
    }

    /** Sets the vector. @param value the vector @return this */
    public PtEvent vector(int value) {
        vector = value;
        rare = true;
        return this;
    }

    /** {@code interrupt.cr2}: the page-fault linear address; valid if {@link #hasCr2()}. */
    public long cr2() {
        return cr2;
    }

    /** Sets CR2. @param value the address @return this */
    public PtEvent cr2(long value) {
        cr2 = value;
        rare = true;
        return this;
    }

    /** {@code vmexit.has_vector}: the VM exit was caused by an interrupt or exception. */
    public boolean hasVector() {
        return hasVector;
    }

    /** Sets {@code has_vector}. @param value the flag @return this */
    public PtEvent hasVector(boolean value) {
        hasVector = value;
        rare = true;
        return this;
    }

    /** {@code vmexit.has_vmxr}: {@link #vmxr()} is valid. */
    public boolean hasVmxr() {
        return hasVmxr;
    }

    /** Sets {@code has_vmxr}. @param value the flag @return this */
    public PtEvent hasVmxr(boolean value) {
        hasVmxr = value;
        rare = true;
        return this;
    }

    /** {@code vmexit.has_vmxq}: {@link #vmxq()} is valid. */
    public boolean hasVmxq() {
        return hasVmxq;
    }

    /** Sets {@code has_vmxq}. @param value the flag @return this */
    public PtEvent hasVmxq(boolean value) {
        hasVmxq = value;
        rare = true;
        return this;
    }

    /** {@code vmexit.vmxr}: the VM exit reason. */
    public long vmxr() {
        return vmxr;
    }

    /** Sets the VM exit reason. @param value the reason @return this */
    public PtEvent vmxr(long value) {
        vmxr = value;
        rare = true;
        return this;
    }

    /** {@code vmexit.vmxq}: the VM exit qualification. */
    public long vmxq() {
        return vmxq;
    }

    /** Sets the VM exit qualification. @param value the qualification @return this */
    public PtEvent vmxq(long value) {
        vmxq = value;
        rare = true;
        return this;
    }

    /** {@code trig.trbv}: the bit vector of triggers this event represents. */
    public int trbv() {
        return trbv;
    }

    /** Sets the trigger bit vector. @param value the bits @return this */
    public PtEvent trbv(int value) {
        trbv = value;
        rare = true;
        return this;
    }

    /** {@code trig.icnt}: the number of instructions after the anchor. */
    public int icnt() {
        return icnt;
    }

    /** Sets the instruction count. @param value the count @return this */
    public PtEvent icnt(int value) {
        icnt = value;
        rare = true;
        return this;
    }

    /** {@code trig.mult}: other triggers fired that are not reported. */
    public boolean mult() {
        return mult;
    }

    /** Sets the multiple-triggers flag. @param value the flag @return this */
    public PtEvent mult(boolean value) {
        mult = value;
        rare = true;
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type().name().toLowerCase());
        if (statusUpdate) {
            sb.append(" status");
        }
        if (ipSuppressed) {
            sb.append(" ip=<suppressed>");
        } else {
            sb.append(" ip=").append(Long.toHexString(ip));
        }
        if (type() == EventType.ASYNC_BRANCH || type() == EventType.ASYNC_DISABLED) {
            sb.append(" from=").append(Long.toHexString(from));
        }
        if (type() == EventType.TNT) {
            sb.append(" bits=").append(Long.toBinaryString(bits)).append('/').append(size);
        }
        if (hasTsc) {
            sb.append(" tsc=").append(Long.toHexString(tsc));
        }
        return sb.toString();
    }
}
