package dev.hindsight.pt.libipt;

/** libipt 2.0.5's {@code enum pt_event_type}, in its declaration order (the ordinal is the C value). */
public enum LibiptEventType {
    ENABLED, DISABLED, ASYNC_DISABLED, ASYNC_BRANCH, PAGING, ASYNC_PAGING, OVERFLOW, EXEC_MODE, TSX,
    STOP, VMCS, ASYNC_VMCS, EXSTOP, MWAIT, PWRE, PWRX, PTWRITE, TICK, CBR, MNT;

    private static final LibiptEventType[] BY_VALUE = values();

    /** The event type of a C value, or {@code null} for one newer than libipt 2.0.5. */
    public static LibiptEventType of(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
