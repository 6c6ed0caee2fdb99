package dev.hindsight.pt.sideband;

import dev.hindsight.pt.query.PtEvent;

/**
 * What the sideband session needs to know about a trace event: its kind, its IP and its time.
 * A mutable holder the flow decoder's caller fills from each event it drains (libipt passes its
 * whole {@code struct pt_event} to {@code pt_sb_event}; we pass only what the session reads).
 *
 * <p>The session applies sideband records whose time is at or before {@link #tsc()}, then uses
 * the kind and IP to tell kernel from user space, so that a pending context switch happens at a
 * place where it can (libipt's {@code ploc_from_event}).
 */
public final class SidebandEvent {

    /** The event kinds that matter for locating the trace, named as libipt's {@code ptev_*}. */
    public enum Kind {
        /** Tracing enabled; IP = where. */
        ENABLED,
        /** Tracing disabled; IP = where, unless suppressed. */
        DISABLED,
        /** Tracing disabled asynchronously; IP = where, {@link #at()} = where it happened. */
        ASYNC_DISABLED,
        /** An interrupt or other asynchronous branch; IP = its target. */
        ASYNC_BRANCH,
        /** A CR3 write (MOV CR3): the kernel is running. */
        PAGING,
        /** An asynchronous CR3 change; IP = where, if not suppressed. */
        ASYNC_PAGING,
        /** A trace overflow. */
        OVERFLOW,
        /** An execution mode change. */
        EXEC_MODE,
        /** A TSX state change. */
        TSX,
        /** Execution stopped. */
        EXSTOP,
        /** MWAIT. */
        MWAIT,
        /** PTWRITE. */
        PTWRITE,
        /** A timing tick ({@code --event:tick}). */
        TICK,
        /** A TIP event; IP = its target. */
        TIP,
        /** An interrupt flag change. */
        IFLAGS,
        /** An interrupt (event trace). */
        INTERRUPT,
        /** IRET (event trace). */
        IRET,
        /** SMI. */
        SMI,
        /** RSM. */
        RSM,
        /** INIT. */
        INIT,
        /** VM entry. */
        VMENTRY,
        /** VM exit. */
        VMEXIT,
        /** Shutdown. */
        SHUTDOWN,
        /** A user interrupt. */
        UINTR,
        /** UIRET. */
        UIRET,
        /** Any other event: says nothing about where the trace is. */
        OTHER
    }

    private Kind kind = Kind.OTHER;
    private boolean ipSuppressed;
    private long ip;
    private long at;
    private long tsc;

    /** Sets all fields at once; returns this holder. */
    public SidebandEvent set(Kind kind, boolean ipSuppressed, long ip, long tsc) {
        this.kind = kind;
        this.ipSuppressed = ipSuppressed;
        this.ip = ip;
        this.at = 0;
        this.tsc = tsc;
        return this;
    }

    /**
     * Takes what the session needs from a decoder event, as libipt hands its whole event to
     * {@code pt_sb_event}: kind, IP (for an asynchronous branch its target), the source of an
     * asynchronous disable, and the TSC (whether or not the event has one: correlation may use
     * relative time).
     *
     * @param event the event the flow decoder gave
     * @return this holder
     */
    public SidebandEvent from(PtEvent event) {
        set(kindOf(event), event.ipSuppressed(), event.ip(), event.tsc());
        if (kind == Kind.ASYNC_DISABLED) {
            at = event.at();
        }
        return this;
    }

    private static Kind kindOf(PtEvent event) {
        return switch (event.type()) {
            case ENABLED -> Kind.ENABLED;
            case DISABLED -> Kind.DISABLED;
            case ASYNC_DISABLED -> Kind.ASYNC_DISABLED;
            case ASYNC_BRANCH -> Kind.ASYNC_BRANCH;
            case PAGING -> Kind.PAGING;
            case ASYNC_PAGING -> Kind.ASYNC_PAGING;
            case OVERFLOW -> Kind.OVERFLOW;
            case EXEC_MODE -> Kind.EXEC_MODE;
            case TSX -> Kind.TSX;
            case EXSTOP -> Kind.EXSTOP;
            case MWAIT -> Kind.MWAIT;
            case PTWRITE -> Kind.PTWRITE;
            case TICK -> Kind.TICK;
            case TIP -> Kind.TIP;
            case IFLAGS -> Kind.IFLAGS;
            case INTERRUPT -> Kind.INTERRUPT;
            case IRET -> Kind.IRET;
            case SMI -> Kind.SMI;
            case RSM -> Kind.RSM;
            case INIT -> Kind.INIT;
            case VMENTRY -> Kind.VMENTRY;
            case VMEXIT -> Kind.VMEXIT;
            case SHUTDOWN -> Kind.SHUTDOWN;
            case UINTR -> Kind.UINTR;
            case UIRET -> Kind.UIRET;
            default -> Kind.OTHER;
        };
    }

    /** Sets the source IP of an {@link Kind#ASYNC_DISABLED} event; returns this holder. */
    public SidebandEvent at(long value) {
        this.at = value;
        return this;
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** Whether the event's IP is suppressed. */
    public boolean ipSuppressed() {
        return ipSuppressed;
    }

    /** The event's IP (for {@link Kind#ASYNC_BRANCH}, the branch target). */
    public long ip() {
        return ip;
    }

    /** Where an asynchronous disable happened. */
    public long at() {
        return at;
    }

    /** The event's TSC (0 when the trace has no time yet). */
    public long tsc() {
        return tsc;
    }
}
