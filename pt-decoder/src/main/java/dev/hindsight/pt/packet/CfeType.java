package dev.hindsight.pt.packet;

/**
 * The control-flow event types of a CFE packet (SDM 33.4.2.26, libipt {@code pt_cfe_type}), with
 * the names ptdump prints and whether the packet's vector field is meaningful.
 */
public final class CfeType {
    /** Interrupt or exception; the vector is the event vector. */
    public static final int INTR = 0x01;
    /** IRET. */
    public static final int IRET = 0x02;
    /** SMI. */
    public static final int SMI = 0x03;
    /** RSM. */
    public static final int RSM = 0x04;
    /** SIPI; the vector is the SIPI vector. */
    public static final int SIPI = 0x05;
    /** INIT. */
    public static final int INIT = 0x06;
    /** VM entry. */
    public static final int VMENTRY = 0x07;
    /** VM exit. */
    public static final int VMEXIT = 0x08;
    /** VM exit caused by an interrupt; the vector is the event vector. */
    public static final int VMEXIT_INTR = 0x09;
    /** Shutdown. */
    public static final int SHUTDOWN = 0x0a;
    /** User interrupt; the vector is the user-interrupt vector. */
    public static final int UINTR = 0x0c;
    /** UIRET. */
    public static final int UIRET = 0x0d;
    /** Software interrupt (INT n); the vector is n. */
    public static final int SWINTR = 0x0e;

    private static final String[] NAMES = {
        null, "intr", "iret", "smi", "rsm", "sipi", "init", "vmentry", "vmexit", "vmexit_intr",
        "shutdown", null, "uintr", "uiret", "swintr"
    };

    private CfeType() {
    }

    /** The name ptdump prints for the type, or {@code null} for an unknown type. */
    public static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : null;
    }

    /** Whether a CFE of this type carries a vector. */
    public static boolean hasVector(int type) {
        return type == INTR || type == VMEXIT_INTR || type == SIPI || type == UINTR
                || type == SWINTR;
    }
}
