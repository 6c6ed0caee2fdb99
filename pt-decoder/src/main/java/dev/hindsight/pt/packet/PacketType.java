package dev.hindsight.pt.packet;

/**
 * The kind of an Intel PT packet, one value per packet libipt decodes (SDM Vol. 3C, 33.4.2).
 *
 * <p>libipt's {@code ppt_mode} is split into {@link #MODE_EXEC} and {@link #MODE_TSX} by its leaf.
 * {@link #INVALID} is the corrupt TMA libipt reports under erratum SKZ84; {@link #UNKNOWN} is kept
 * for API parity with libipt's {@code ppt_unknown} (no decoder callback exists, so the decoder
 * reports {@code BAD_OPC} instead).
 */
public enum PacketType {
    /** Padding, one byte. */
    PAD("pad"),
    /** Packet stream boundary, the synchronisation point. */
    PSB("psb"),
    /** End of the PSB+ header. */
    PSBEND("psbend"),
    /** Flow update: the source IP of an asynchronous event. */
    FUP("fup"),
    /** Target IP of an indirect branch, far transfer or return. */
    TIP("tip"),
    /** Packet generation enable, with the first traced IP. */
    TIP_PGE("tip.pge"),
    /** Packet generation disable. */
    TIP_PGD("tip.pgd"),
    /** Short taken/not-taken packet, up to 6 branches. */
    TNT_8("tnt.8"),
    /** Long taken/not-taken packet, up to 47 branches. */
    TNT_64("tnt.64"),
    /** MODE packet, execution mode leaf. */
    MODE_EXEC("mode.exec"),
    /** MODE packet, TSX leaf. */
    MODE_TSX("mode.tsx"),
    /** Paging information: CR3. */
    PIP("pip"),
    /** VMCS base address. */
    VMCS("vmcs"),
    /** Core:bus ratio. */
    CBR("cbr"),
    /** Time stamp counter. */
    TSC("tsc"),
    /** Mini time counter to TSC alignment. */
    TMA("tma"),
    /** Mini time counter. */
    MTC("mtc"),
    /** Cycle count. */
    CYC("cyc"),
    /** TraceStop. */
    STOP("stop"),
    /** Internal buffer overflow. */
    OVF("ovf"),
    /** Maintenance. */
    MNT("mnt"),
    /** Execution stop (power event). */
    EXSTOP("exstop"),
    /** MWAIT hints and extensions. */
    MWAIT("mwait"),
    /** Power entry. */
    PWRE("pwre"),
    /** Power exit. */
    PWRX("pwrx"),
    /** PTWRITE payload. */
    PTW("ptw"),
    /** Control-flow event (event tracing). */
    CFE("cfe"),
    /** Event data (event tracing). */
    EVD("evd"),
    /** Trigger. */
    TRIG("trig"),
    /** A packet libipt recognised but declared corrupt (SKZ84 TMA). */
    INVALID("<invalid>"),
    /** A packet decoded by a user callback in libipt; never produced here. */
    UNKNOWN("<unknown>");

    private final String mnemonic;

    PacketType(String mnemonic) {
        this.mnemonic = mnemonic;
    }

    /** The name ptdump prints for this packet ({@code "tip.pge"}, {@code "tnt.8"}, ...). */
    public String mnemonic() {
        return mnemonic;
    }

    /** Whether the packet carries an IP payload ({@code tip}, {@code tip.pge}, {@code tip.pgd}, {@code fup}). */
    public boolean hasIp() {
        return this == FUP || this == TIP || this == TIP_PGE || this == TIP_PGD;
    }
}
