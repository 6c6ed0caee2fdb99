package dev.hindsight.pt.packet;

/**
 * A decoded Intel PT packet: a mutable, reusable holder with libipt's {@code struct pt_packet}
 * fields as typed accessors.
 *
 * <p>Decoders overwrite the holder on every call, so a caller that keeps a packet must
 * {@link #copyFrom(Packet) copy} it. Only the fields of the current {@link #type()} are meaningful;
 * the others keep whatever an earlier packet left there (as libipt's union does). The setters
 * return {@code this} and exist for decoders and for tests that build packets by hand; a
 * {@code setXxx(...)} kind setter sets the type too, but never the {@link #size()}.
 */
public final class Packet {
    private static final int TNT_8 = PacketType.TNT_8.ordinal();
    private static final int PAD = PacketType.PAD.ordinal();
    /**
     * The type code of a tnt.8 the decoder's hot path stored as its raw opcode only: its bit
     * count and payload are derived when asked for, so decoding one costs two stores.
     */
    private static final int TNT_8_OPCODE = PacketType.values().length;
    private static final PacketType[] TYPES = typeTable();

    /**
     * The type's ordinal: an int, not an enum reference, so that filling the holder on the hot
     * path stores no object reference (no GC write barrier per packet).
     */
    private int type;
    private int size;

    // tip, tip.pge, tip.pgd, fup
    private int ipc;
    private long ip;
    // tnt.8, tnt.64
    private int tntBitSize;
    private long tntPayload;
    // mode.exec
    private boolean execCsl;
    private boolean execCsd;
    private boolean execIflag;
    // mode.tsx
    private boolean tsxIntx;
    private boolean tsxAbrt;
    // pip
    private long pipCr3;
    private boolean pipNr;
    // tsc, cbr, tma, mtc, cyc
    private long tsc;
    private int cbrRatio;
    private int tmaCtc;
    private int tmaFc;
    private int mtcCtc;
    private long cycValue;
    // vmcs, mnt
    private long vmcsBase;
    private long mntPayload;
    // exstop, mwait
    private boolean exstopIp;
    private int mwaitHints;
    private int mwaitExt;
    // pwre
    private int pwreState;
    private int pwreSubState;
    private boolean pwreHw;
    // pwrx
    private int pwrxLast;
    private int pwrxDeepest;
    private boolean pwrxInterrupt;
    private boolean pwrxStore;
    private boolean pwrxAutonomous;
    // ptw
    private int ptwPlc;
    private long ptwPayload;
    private boolean ptwIp;
    // cfe
    private int cfeType;
    private int cfeVector;
    private boolean cfeIp;
    // evd
    private int evdType;
    private long evdPayload;
    // trig
    private int trigTrbv;
    private int trigIcnt;
    private boolean trigIp;
    private boolean trigIcntv;
    private boolean trigMult;

    private static PacketType[] typeTable() {
        PacketType[] values = PacketType.values();
        PacketType[] table = java.util.Arrays.copyOf(values, values.length + 1);
        table[TNT_8_OPCODE] = PacketType.TNT_8;
        return table;
    }

    /** The opcode of a tnt.8 stored by {@link #setTnt8Opcode(int)}. */
    private int tnt8Opcode;

    /** An empty holder (type {@link PacketType#PAD}, size 0). */
    public Packet() {
    }

    /** Copies every field of {@code other} into this holder. */
    public Packet copyFrom(Packet o) {
        type = o.type;
        size = o.size;
        ipc = o.ipc;
        ip = o.ip;
        tntBitSize = o.tntBitSize;
        tntPayload = o.tntPayload;
        tnt8Opcode = o.tnt8Opcode;
        execCsl = o.execCsl;
        execCsd = o.execCsd;
        execIflag = o.execIflag;
        tsxIntx = o.tsxIntx;
        tsxAbrt = o.tsxAbrt;
        pipCr3 = o.pipCr3;
        pipNr = o.pipNr;
        tsc = o.tsc;
        cbrRatio = o.cbrRatio;
        tmaCtc = o.tmaCtc;
        tmaFc = o.tmaFc;
        mtcCtc = o.mtcCtc;
        cycValue = o.cycValue;
        vmcsBase = o.vmcsBase;
        mntPayload = o.mntPayload;
        exstopIp = o.exstopIp;
        mwaitHints = o.mwaitHints;
        mwaitExt = o.mwaitExt;
        pwreState = o.pwreState;
        pwreSubState = o.pwreSubState;
        pwreHw = o.pwreHw;
        pwrxLast = o.pwrxLast;
        pwrxDeepest = o.pwrxDeepest;
        pwrxInterrupt = o.pwrxInterrupt;
        pwrxStore = o.pwrxStore;
        pwrxAutonomous = o.pwrxAutonomous;
        ptwPlc = o.ptwPlc;
        ptwPayload = o.ptwPayload;
        ptwIp = o.ptwIp;
        cfeType = o.cfeType;
        cfeVector = o.cfeVector;
        cfeIp = o.cfeIp;
        evdType = o.evdType;
        evdPayload = o.evdPayload;
        trigTrbv = o.trigTrbv;
        trigIcnt = o.trigIcnt;
        trigIp = o.trigIp;
        trigIcntv = o.trigIcntv;
        trigMult = o.trigMult;
        return this;
    }

    // ---------------------------------------------------------------- common

    /** The packet type. */
    public PacketType type() {
        return TYPES[type];
    }

    /** The packet's size in bytes, opcode included. */
    public int size() {
        return type == TNT_8_OPCODE || type == PAD ? 1 : size;
    }

    /** Sets the type only. */
    public Packet setType(PacketType type) {
        this.type = type.ordinal();
        return this;
    }

    /** Sets the size in bytes. */
    public Packet setSize(int size) {
        this.size = size;
        return this;
    }

    // ---------------------------------------------------------------- ip packets

    /** IP packets: the raw 3-bit IP compression code (see {@link IpCompression}). */
    public int ipc() {
        return ipc;
    }

    /** IP packets: the IP compression, or {@code null} for a reserved code. */
    public IpCompression ipCompression() {
        return IpCompression.of(ipc);
    }

    /** IP packets: the zero-extended raw payload (not the reconstructed IP; see {@link LastIp}). */
    public long ip() {
        return ip;
    }

    /** Makes this an IP packet of {@code type} ({@code tip}, {@code tip.pge}, {@code tip.pgd}, {@code fup}). */
    public Packet setIp(PacketType type, int ipc, long ip) {
        this.type = type.ordinal();
        this.ipc = ipc;
        this.ip = ip;
        return this;
    }

    /** Makes this an IP packet of {@code type} with the given compression. */
    public Packet setIp(PacketType type, IpCompression ipc, long ip) {
        return setIp(type, ipc.code(), ip);
    }

    // ---------------------------------------------------------------- fast paths

    /** Makes this the one-byte {@code tnt.8} of opcode {@code opc}; the decoder's hot path. */
    void setTnt8Opcode(int opc) {
        this.type = TNT_8_OPCODE;
        this.tnt8Opcode = opc;
    }

    /** Makes this a {@code pad}; the decoder's hot path ({@link #size()} knows it is 1). */
    void setPad() {
        this.type = PAD;
    }

    // ---------------------------------------------------------------- tnt

    /** TNT: the number of branch bits. */
    public int tntBitSize() {
        // tnt.8: the payload is bits 7..1 of the opcode, up to and excluding the stop bit.
        return type == TNT_8_OPCODE ? 30 - Integer.numberOfLeadingZeros(tnt8Opcode) : tntBitSize;
    }

    /**
     * TNT: the payload without its stop bit; bit {@code tntBitSize() - 1} is the oldest branch,
     * bit 0 the youngest, a set bit means taken.
     */
    public long tntPayload() {
        if (type == TNT_8_OPCODE) {
            int payload = tnt8Opcode >>> 1;
            return payload & ~Integer.highestOneBit(payload);
        }
        return tntPayload;
    }

    /** Makes this a {@code tnt.8} or {@code tnt.64} packet. */
    public Packet setTnt(PacketType type, int bitSize, long payload) {
        this.type = type.ordinal();
        this.tntBitSize = bitSize;
        this.tntPayload = payload;
        return this;
    }

    // ---------------------------------------------------------------- mode

    /** mode.exec: the CS.L bit. */
    public boolean execCsl() {
        return execCsl;
    }

    /** mode.exec: the CS.D bit. */
    public boolean execCsd() {
        return execCsd;
    }

    /** mode.exec: the IF bit (event tracing). */
    public boolean execIflag() {
        return execIflag;
    }

    /** Makes this a {@code mode.exec} packet. */
    public Packet setModeExec(boolean csl, boolean csd, boolean iflag) {
        this.type = PacketType.MODE_EXEC.ordinal();
        this.execCsl = csl;
        this.execCsd = csd;
        this.execIflag = iflag;
        return this;
    }

    /** mode.tsx: the InTX bit. */
    public boolean tsxIntx() {
        return tsxIntx;
    }

    /** mode.tsx: the TXAbort bit. */
    public boolean tsxAbrt() {
        return tsxAbrt;
    }

    /** Makes this a {@code mode.tsx} packet. */
    public Packet setModeTsx(boolean intx, boolean abrt) {
        this.type = PacketType.MODE_TSX.ordinal();
        this.tsxIntx = intx;
        this.tsxAbrt = abrt;
        return this;
    }

    // ---------------------------------------------------------------- pip, vmcs

    /** pip: the CR3 value (payload bits shifted into place). */
    public long pipCr3() {
        return pipCr3;
    }

    /** pip: the non-root bit. */
    public boolean pipNr() {
        return pipNr;
    }

    /** Makes this a {@code pip} packet. */
    public Packet setPip(long cr3, boolean nr) {
        this.type = PacketType.PIP.ordinal();
        this.pipCr3 = cr3;
        this.pipNr = nr;
        return this;
    }

    /** vmcs: the VMCS base address (payload shifted left by 12). */
    public long vmcsBase() {
        return vmcsBase;
    }

    /** Makes this a {@code vmcs} packet. */
    public Packet setVmcs(long base) {
        this.type = PacketType.VMCS.ordinal();
        this.vmcsBase = base;
        return this;
    }

    // ---------------------------------------------------------------- timing

    /** tsc: the 56-bit TSC value. */
    public long tsc() {
        return tsc;
    }

    /** Makes this a {@code tsc} packet. */
    public Packet setTsc(long tsc) {
        this.type = PacketType.TSC.ordinal();
        this.tsc = tsc;
        return this;
    }

    /** cbr: the core:bus ratio. */
    public int cbrRatio() {
        return cbrRatio;
    }

    /** Makes this a {@code cbr} packet. */
    public Packet setCbr(int ratio) {
        this.type = PacketType.CBR.ordinal();
        this.cbrRatio = ratio;
        return this;
    }

    /** tma: the 16-bit crystal clock counter. */
    public int tmaCtc() {
        return tmaCtc;
    }

    /** tma: the 9-bit fast counter. */
    public int tmaFc() {
        return tmaFc;
    }

    /** Makes this a {@code tma} packet. */
    public Packet setTma(int ctc, int fc) {
        this.type = PacketType.TMA.ordinal();
        this.tmaCtc = ctc;
        this.tmaFc = fc;
        return this;
    }

    /** mtc: the 8-bit crystal clock counter. */
    public int mtcCtc() {
        return mtcCtc;
    }

    /** Makes this an {@code mtc} packet. */
    public Packet setMtc(int ctc) {
        this.type = PacketType.MTC.ordinal();
        this.mtcCtc = ctc;
        return this;
    }

    /** cyc: the cycle counter value. */
    public long cycValue() {
        return cycValue;
    }

    /** Makes this a {@code cyc} packet. */
    public Packet setCyc(long value) {
        this.type = PacketType.CYC.ordinal();
        this.cycValue = value;
        return this;
    }

    // ---------------------------------------------------------------- mnt, power

    /** mnt: the raw 64-bit payload. */
    public long mntPayload() {
        return mntPayload;
    }

    /** Makes this an {@code mnt} packet. */
    public Packet setMnt(long payload) {
        this.type = PacketType.MNT.ordinal();
        this.mntPayload = payload;
        return this;
    }

    /** exstop: whether the packet binds to the next FUP. */
    public boolean exstopIp() {
        return exstopIp;
    }

    /** Makes this an {@code exstop} packet. */
    public Packet setExstop(boolean ip) {
        this.type = PacketType.EXSTOP.ordinal();
        this.exstopIp = ip;
        return this;
    }

    /** mwait: the hints (EAX). */
    public int mwaitHints() {
        return mwaitHints;
    }

    /** mwait: the extensions (ECX). */
    public int mwaitExt() {
        return mwaitExt;
    }

    /** Makes this an {@code mwait} packet. */
    public Packet setMwait(int hints, int ext) {
        this.type = PacketType.MWAIT.ordinal();
        this.mwaitHints = hints;
        this.mwaitExt = ext;
        return this;
    }

    /** pwre: the resolved thread C-state. */
    public int pwreState() {
        return pwreState;
    }

    /** pwre: the resolved thread sub C-state. */
    public int pwreSubState() {
        return pwreSubState;
    }

    /** pwre: whether hardware initiated the C-state entry. */
    public boolean pwreHw() {
        return pwreHw;
    }

    /** Makes this a {@code pwre} packet. */
    public Packet setPwre(int state, int subState, boolean hw) {
        this.type = PacketType.PWRE.ordinal();
        this.pwreState = state;
        this.pwreSubState = subState;
        this.pwreHw = hw;
        return this;
    }

    /** pwrx: the core C-state at the wake. */
    public int pwrxLast() {
        return pwrxLast;
    }

    /** pwrx: the deepest core C-state reached. */
    public int pwrxDeepest() {
        return pwrxDeepest;
    }

    /** pwrx: woken by an interrupt. */
    public boolean pwrxInterrupt() {
        return pwrxInterrupt;
    }

    /** pwrx: woken by a store to the monitored address. */
    public boolean pwrxStore() {
        return pwrxStore;
    }

    /** pwrx: woken autonomously by hardware. */
    public boolean pwrxAutonomous() {
        return pwrxAutonomous;
    }

    /** Makes this a {@code pwrx} packet. */
    public Packet setPwrx(int last, int deepest, boolean interrupt, boolean store,
            boolean autonomous) {
        this.type = PacketType.PWRX.ordinal();
        this.pwrxLast = last;
        this.pwrxDeepest = deepest;
        this.pwrxInterrupt = interrupt;
        this.pwrxStore = store;
        this.pwrxAutonomous = autonomous;
        return this;
    }

    // ---------------------------------------------------------------- ptw

    /** ptw: the payload size code (0: 4 bytes, 1: 8 bytes). */
    public int ptwPlc() {
        return ptwPlc;
    }

    /** ptw: the raw payload. */
    public long ptwPayload() {
        return ptwPayload;
    }

    /** ptw: whether a FUP with the PTWRITE's IP follows. */
    public boolean ptwIp() {
        return ptwIp;
    }

    /** Makes this a {@code ptw} packet. */
    public Packet setPtw(int plc, long payload, boolean ip) {
        this.type = PacketType.PTW.ordinal();
        this.ptwPlc = plc;
        this.ptwPayload = payload;
        this.ptwIp = ip;
        return this;
    }

    // ---------------------------------------------------------------- event tracing

    /** cfe: the control-flow event type (5 bits; 1 intr, 2 iret, ... see {@link CfeType}). */
    public int cfeType() {
        return cfeType;
    }

    /** cfe: the vector (interrupt, SIPI or user-interrupt vector, by type). */
    public int cfeVector() {
        return cfeVector;
    }

    /** cfe: whether the packet binds to the next FUP. */
    public boolean cfeIp() {
        return cfeIp;
    }

    /** Makes this a {@code cfe} packet. */
    public Packet setCfe(int cfeType, int vector, boolean ip) {
        this.type = PacketType.CFE.ordinal();
        this.cfeType = cfeType;
        this.cfeVector = vector;
        this.cfeIp = ip;
        return this;
    }

    /** evd: the event data type (0 cr2, 1 vmxq, 2 vmxr). */
    public int evdType() {
        return evdType;
    }

    /** evd: the 64-bit payload. */
    public long evdPayload() {
        return evdPayload;
    }

    /** Makes this an {@code evd} packet. */
    public Packet setEvd(int evdType, long payload) {
        this.type = PacketType.EVD.ordinal();
        this.evdType = evdType;
        this.evdPayload = payload;
        return this;
    }

    // ---------------------------------------------------------------- trig

    /** trig: the bit vector of triggers. */
    public int trigTrbv() {
        return trigTrbv;
    }

    /** trig: the instruction count, valid only if {@link #trigIcntv()}. */
    public int trigIcnt() {
        return trigIcnt;
    }

    /** trig: whether a FUP with the reference IP follows. */
    public boolean trigIp() {
        return trigIp;
    }

    /** trig: whether {@link #trigIcnt()} is valid. */
    public boolean trigIcntv() {
        return trigIcntv;
    }

    /** trig: whether other, unreported triggers fired too. */
    public boolean trigMult() {
        return trigMult;
    }

    /** Makes this a {@code trig} packet. */
    public Packet setTrig(int trbv, int icnt, boolean ip, boolean icntv, boolean mult) {
        this.type = PacketType.TRIG.ordinal();
        this.trigTrbv = trbv;
        this.trigIcnt = icnt;
        this.trigIp = ip;
        this.trigIcntv = icntv;
        this.trigMult = mult;
        return this;
    }

    @Override
    public String toString() {
        return type().mnemonic() + "/" + size;
    }
}
