package dev.hindsight.pt.packet;

/**
 * The IP compression of an IP packet: the 3-bit {@code IPBytes} field of {@code tip},
 * {@code tip.pge}, {@code tip.pgd} and {@code fup} (SDM 33.4.2.2, libipt {@code pt_ip_compression}).
 *
 * <p>Codes 5 and 7 are reserved; the decoder rejects them with {@code BAD_PACKET}.
 */
public enum IpCompression {
    /** No payload: the IP is suppressed. */
    SUPPRESSED(0, 0),
    /** 16 bits that replace the low 16 bits of the last IP. */
    UPDATE_16(1, 2),
    /** 32 bits that replace the low 32 bits of the last IP. */
    UPDATE_32(2, 4),
    /** 48 bits, sign-extended to the full IP. */
    SEXT_48(3, 6),
    /** 48 bits that replace the low 48 bits of the last IP. */
    UPDATE_48(4, 6),
    /** The full 64-bit IP. */
    FULL(6, 8);

    /** The raw code of {@link #SUPPRESSED}. */
    public static final int CODE_SUPPRESSED = 0;
    /** The raw code of {@link #UPDATE_16}. */
    public static final int CODE_UPDATE_16 = 1;
    /** The raw code of {@link #UPDATE_32}. */
    public static final int CODE_UPDATE_32 = 2;
    /** The raw code of {@link #SEXT_48}. */
    public static final int CODE_SEXT_48 = 3;
    /** The raw code of {@link #UPDATE_48}. */
    public static final int CODE_UPDATE_48 = 4;
    /** The raw code of {@link #FULL}. */
    public static final int CODE_FULL = 6;

    private static final IpCompression[] BY_CODE = {
        SUPPRESSED, UPDATE_16, UPDATE_32, SEXT_48, UPDATE_48, null, FULL, null
    };

    private final int code;
    private final int payloadSize;

    IpCompression(int code, int payloadSize) {
        this.code = code;
        this.payloadSize = payloadSize;
    }

    /** The 3-bit code as it appears in the packet's opcode byte (bits 7:5). */
    public int code() {
        return code;
    }

    /** The number of payload bytes that follow the opcode. */
    public int payloadSize() {
        return payloadSize;
    }

    /**
     * The compression for a raw code.
     *
     * @param code the 3-bit code
     * @return the compression, or {@code null} for a reserved or out-of-range code
     */
    public static IpCompression of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * The payload size for a raw code, or {@code -PtError.BAD_PACKET.code()} for a reserved one
     * (libipt {@code pt_pkt_ip_size}).
     */
    public static int payloadSize(int code) {
        switch (code) {
            case CODE_SUPPRESSED:
                return 0;
            case CODE_UPDATE_16:
                return 2;
            case CODE_UPDATE_32:
                return 4;
            case CODE_SEXT_48:
            case CODE_UPDATE_48:
                return 6;
            case CODE_FULL:
                return 8;
            default:
                return -dev.hindsight.pt.PtError.BAD_PACKET.code();
        }
    }
}
