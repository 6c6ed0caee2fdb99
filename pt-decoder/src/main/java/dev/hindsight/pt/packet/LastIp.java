package dev.hindsight.pt.packet;

import dev.hindsight.pt.PtError;

/**
 * The last-IP register that compressed IP packets update (SDM 33.4.2.2; libipt
 * {@code pt_last_ip}).
 *
 * <p>Mutable and reusable; {@link #init()} forgets everything, as at a PSB.
 */
public final class LastIp {
    private long ip;
    private boolean haveIp;
    private boolean suppressed;

    /** A last IP that has seen no IP yet. */
    public LastIp() {
    }

    /** Forgets the IP (libipt {@code pt_last_ip_init}). */
    public void init() {
        ip = 0;
        haveIp = false;
        suppressed = false;
    }

    /**
     * Applies an IP packet's payload (libipt {@code pt_last_ip_update_ip}).
     *
     * @param ipc     the raw IP compression code
     * @param payload the zero-extended payload
     * @return 0, or {@code -BAD_PACKET} for a reserved compression (the state is unchanged)
     */
    public int update(int ipc, long payload) {
        switch (ipc) {
            case IpCompression.CODE_SUPPRESSED:
                suppressed = true;
                return 0;
            case IpCompression.CODE_SEXT_48:
                set((payload << 16) >> 16);
                return 0;
            case IpCompression.CODE_UPDATE_16:
                set((ip & ~0xffffL) | (payload & 0xffffL));
                return 0;
            case IpCompression.CODE_UPDATE_32:
                set((ip & ~0xffffffffL) | (payload & 0xffffffffL));
                return 0;
            case IpCompression.CODE_UPDATE_48:
                set((ip & ~0xffffffffffffL) | (payload & 0xffffffffffffL));
                return 0;
            case IpCompression.CODE_FULL:
                set(payload);
                return 0;
            default:
                return -PtError.BAD_PACKET.code();
        }
    }

    /** Applies the IP payload of {@code packet}; see {@link #update(int, long)}. */
    public int update(Packet packet) {
        return update(packet.ipc(), packet.ip());
    }

    private void set(long value) {
        ip = value;
        haveIp = true;
        suppressed = false;
    }

    /**
     * The state of the last IP (libipt {@code pt_last_ip_query}).
     *
     * @return 0 if {@link #ip()} is valid, {@code -NOIP} if no IP was seen yet,
     *     {@code -IP_SUPPRESSED} if the last IP packet suppressed it
     */
    public int status() {
        if (!haveIp) {
            return -PtError.NOIP.code();
        }
        if (suppressed) {
            return -PtError.IP_SUPPRESSED.code();
        }
        return 0;
    }

    /** The IP if {@link #status()} is 0, else 0 (libipt zeroes it on error). */
    public long ip() {
        return status() == 0 ? ip : 0L;
    }

    /** Whether an IP was ever set since {@link #init()}. */
    public boolean haveIp() {
        return haveIp;
    }

    /** Whether the last IP packet suppressed the IP. */
    public boolean suppressed() {
        return suppressed;
    }

    /** Copies {@code other}'s state into this one. */
    public void copyFrom(LastIp other) {
        ip = other.ip;
        haveIp = other.haveIp;
        suppressed = other.suppressed;
    }
}
