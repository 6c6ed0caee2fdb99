package dev.hindsight.pt.libipt.internal;

/**
 * Offsets and sizes of the libipt 2.0.5 structs on x86-64 (System V ABI), as Debian's
 * {@code intel-pt.h} lays them out.
 *
 * <p>They are constants rather than JNA {@code Structure}s because the structs are full of
 * bit-fields, which JNA cannot map; {@code AbiTest} compiles a C probe against the installed
 * header and checks every number here.
 */
public final class Abi {
    private Abi() {
    }

    /** {@code sizeof(struct pt_config)}. */
    public static final int CONFIG_SIZE = 280;
    public static final int CONFIG_BEGIN = 8;
    public static final int CONFIG_END = 16;
    public static final int CONFIG_CPU = 40;
    public static final int CONFIG_ERRATA = 48;
    public static final int CONFIG_CPUID_0X15_EAX = 112;
    public static final int CONFIG_CPUID_0X15_EBX = 116;
    public static final int CONFIG_MTC_FREQ = 120;
    public static final int CONFIG_NOM_FREQ = 121;
    /** {@code struct pt_conf_flags}: bit 0 end_on_call, bit 1 enable_tick_events, bit 2 end_on_jump. */
    public static final int CONFIG_FLAGS = 124;
    /** {@code struct pt_conf_addr_filter}: config word, then addrN_a/addrN_b pairs from offset 8. */
    public static final int CONFIG_ADDR_FILTER = 144;

    /** {@code struct pt_cpu}: vendor (enum, 4 bytes), family (u16), model (u8), stepping (u8). */
    public static final int CPU_VENDOR = 0;
    public static final int CPU_FAMILY = 4;
    public static final int CPU_MODEL = 6;
    public static final int CPU_STEPPING = 7;
    /** {@code pcv_intel}. */
    public static final int VENDOR_INTEL = 1;

    /** The bytes of {@code raw} in {@code struct pt_insn} and {@code struct pt_block}. */
    public static final int RAW_SIZE = 15;

    public static final int INSN_SIZE = 40;
    public static final int INSN_IP = 0;
    public static final int INSN_ISID = 8;
    public static final int INSN_MODE = 12;
    public static final int INSN_ICLASS = 16;
    public static final int INSN_RAW = 20;
    public static final int INSN_LENGTH = 35;
    /** The bit-field word holding speculative (bit 0) and truncated (bit 1). */
    public static final int INSN_FLAGS = 36;

    public static final int BLOCK_SIZE = 48;
    public static final int BLOCK_IP = 0;
    public static final int BLOCK_END_IP = 8;
    public static final int BLOCK_ISID = 16;
    public static final int BLOCK_MODE = 20;
    public static final int BLOCK_ICLASS = 24;
    public static final int BLOCK_NINSN = 28;
    public static final int BLOCK_RAW = 30;
    public static final int BLOCK_LENGTH = 45;
    /**
     * The byte holding speculative (bit 0) and truncated (bit 1): gcc packs the bit-fields into
     * the 32-bit unit that already holds {@code size}, so they start right after it.
     */
    public static final int BLOCK_FLAGS = 46;

    public static final int EVENT_SIZE = 64;
    public static final int EVENT_TYPE = 0;
    /** The bit-field word: ip_suppressed (bit 0), status_update (bit 1), has_tsc (bit 2). */
    public static final int EVENT_FLAGS = 4;
    public static final int EVENT_TSC = 8;
    public static final int EVENT_LOST_MTC = 16;
    public static final int EVENT_LOST_CYC = 20;
    /** The start of {@code union variant}; its first member is at this offset. */
    public static final int EVENT_VARIANT = 40;
}
