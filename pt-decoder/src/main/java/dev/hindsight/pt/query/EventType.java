package dev.hindsight.pt.query;

/**
 * An event type, libipt's {@code enum pt_event_type}, in libipt's order ({@link #code()} is the C
 * value).
 *
 * <p>Which payload accessors of {@link PtEvent} are valid for each type is documented there.
 */
public enum EventType {
    /** Tracing has been enabled (TIP.PGE, or a PSB+ with a FUP): {@code ip}, {@code resumed}. */
    ENABLED,
    /** Tracing has been disabled (TIP.PGD, or a PSB+ without FUP): {@code ip} unless suppressed. */
    DISABLED,
    /** Tracing has been disabled asynchronously (FUP + TIP.PGD): {@code at}, {@code ip}. */
    ASYNC_DISABLED,
    /** An asynchronous branch, e.g. an interrupt (FUP + TIP): {@code from}, {@code to}. */
    ASYNC_BRANCH,
    /** A synchronous paging event (standalone PIP): {@code cr3}, {@code nonRoot}. */
    PAGING,
    /** An asynchronous paging event (PIP with FUP + TIP, or in PSB+): {@code cr3}, {@code nonRoot}, {@code ip}. */
    ASYNC_PAGING,
    /** Trace overflow: {@code ip} where tracing resumes, suppressed if it resolved while disabled. */
    OVERFLOW,
    /** An execution mode change (MODE.Exec): {@code execMode}, {@code ip}. */
    EXEC_MODE,
    /** A transactional execution state change (MODE.TSX): {@code ip}, {@code speculative}, {@code aborted}. */
    TSX,
    /** Trace stop (TraceStop packet). */
    STOP,
    /** A synchronous VMCS event (standalone VMCS): {@code base}. */
    VMCS,
    /** An asynchronous VMCS event: {@code base}, {@code ip}. */
    ASYNC_VMCS,
    /** Execution has stopped (EXSTOP): {@code ip} unless suppressed. */
    EXSTOP,
    /** An MWAIT operation completed: {@code ip}, {@code hints}, {@code ext}. */
    MWAIT,
    /** A power state was entered (PWRE): {@code state}, {@code subState}, {@code hw}. */
    PWRE,
    /** A power state was exited (PWRX): {@code last}, {@code deepest}, wake reasons. */
    PWRX,
    /** A PTWRITE: {@code ip} unless suppressed, {@code size}, {@code payload}. */
    PTWRITE,
    /**
     * A timing event: {@code ip}. Synthesized by the flow decoders, never produced by {@link
     * EventDecoder} (libipt aliases its internal "ignore" event to it).
     */
    TICK,
    /** A core:bus ratio event (CBR): {@code ratio}. */
    CBR,
    /** A maintenance event (MNT): {@code payload}. */
    MNT,
    /** An indirect branch (TIP): {@code ip} unless suppressed. */
    TIP,
    /** Conditional branch indicators (TNT-8/TNT-64): {@code bits}, {@code size}. */
    TNT,
    /** An interrupt flag change: {@code iflag}, {@code ip}. */
    IFLAGS,
    /** An interrupt or exception (CFE.INTR): {@code vector}, {@code hasCr2}, {@code cr2}, {@code ip}. */
    INTERRUPT,
    /** A return from interrupt (CFE.IRET): {@code ip}. */
    IRET,
    /** A system management interrupt (CFE.SMI): {@code ip}. */
    SMI,
    /** A return from system management mode (CFE.RSM). */
    RSM,
    /** A SIPI message (CFE.SIPI): {@code vector}. */
    SIPI,
    /** An INIT reset (CFE.INIT): {@code ip}. */
    INIT,
    /** A VM entry (CFE.VMENTRY): {@code ip}. */
    VMENTRY,
    /** A VM exit (CFE.VMEXIT[_INTR], EVD.VMXQ/VMXR): {@code vector}, {@code vmxr}, {@code vmxq}, {@code ip}. */
    VMEXIT,
    /** A shutdown (CFE.SHUTDOWN): {@code ip}. */
    SHUTDOWN,
    /** A user interrupt (CFE.UINTR): {@code vector}, {@code ip}. */
    UINTR,
    /** A return from user interrupt (CFE.UIRET): {@code ip}. */
    UIRET,
    /** A trigger (TRIG): {@code trbv}, {@code icnt}, {@code ip}, {@code mult}. */
    TRIG,
    /**
     * A software interrupt (CFE.SWINTR, e.g. INT n): {@code vector}, {@code ip}. Newer than the
     * libipt headers in the search index; libipt 8978561f's ptxed prints it as {@code [swintr n]}.
     */
    SWINTR;

    private static final EventType[] BY_CODE = values();

    /** libipt's numeric value of this type ({@code ptev_*}). */
    public int code() {
        return ordinal();
    }

    /**
     * The type with libipt value {@code code}.
     *
     * @param code a {@code ptev_*} value
     * @return the type
     * @throws IllegalArgumentException if {@code code} is not a known type
     */
    public static EventType of(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown event type " + code);
        }
        return BY_CODE[code];
    }
}
