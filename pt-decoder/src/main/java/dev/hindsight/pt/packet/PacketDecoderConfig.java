package dev.hindsight.pt.packet;

import dev.hindsight.errata.Errata;
import dev.hindsight.errata.Erratum;
import java.util.Objects;

/**
 * The immutable configuration of a packet decoder: the erratum workarounds that change how
 * packets are decoded, plus the timing parameters of the recording that upper layers read from
 * the same value (libipt {@code struct pt_config}, minus the buffer, which is passed separately).
 *
 * <p>Build it with {@link #builder()}; {@link #DEFAULT} decodes per specification.
 */
public final class PacketDecoderConfig {
    /** Decode per specification: no erratum workarounds, no timing parameters. */
    public static final PacketDecoderConfig DEFAULT = builder().build();

    private final Errata errata;
    private final boolean skd007;
    private final boolean skz84;
    private final int mtcFreq;
    private final int nomFreq;
    private final long cpuid15Eax;
    private final long cpuid15Ebx;

    private PacketDecoderConfig(Builder b) {
        this.errata = b.errata;
        this.skd007 = b.skd007;
        this.skz84 = b.skz84;
        this.mtcFreq = b.mtcFreq;
        this.nomFreq = b.nomFreq;
        this.cpuid15Eax = b.cpuid15Eax;
        this.cpuid15Ebx = b.cpuid15Ebx;
    }

    /** A builder with everything off or zero. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.errata = errata;
        b.skd007 = skd007;
        b.skz84 = skz84;
        b.mtcFreq = mtcFreq;
        b.nomFreq = nomFreq;
        b.cpuid15Eax = cpuid15Eax;
        b.cpuid15Ebx = cpuid15Ebx;
        return b;
    }

    /**
     * The erratum workarounds this configuration was built from ({@link Errata#NONE} unless
     * {@link Builder#errata(Errata)} was called). Upper layers read their own workarounds here.
     */
    public Errata errata() {
        return errata;
    }

    /**
     * SKD007: an OVF may cut a multi-byte CYC after its first byte; the decoder then reports the
     * OVF in place of the CYC.
     */
    public boolean skd007() {
        return skd007;
    }

    /**
     * SKZ84: with VMX TSC offsetting or scaling, a TMA with reserved bits set is corrupt and
     * followed by a bogus byte; the decoder reports it as an {@link PacketType#INVALID} packet.
     */
    public boolean skz84() {
        return skz84;
    }

    /** IA32_RTIT_CTL.MTCFreq (bits 17:14), 0 if unknown. */
    public int mtcFreq() {
        return mtcFreq;
    }

    /** The nominal core:bus ratio, MSR_PLATFORM_INFO[15:8], 0 if unknown. */
    public int nomFreq() {
        return nomFreq;
    }

    /** CPUID leaf 0x15 EAX (TSC:crystal ratio denominator), 0 if unknown. */
    public long cpuid15Eax() {
        return cpuid15Eax;
    }

    /** CPUID leaf 0x15 EBX (TSC:crystal ratio numerator), 0 if unknown. */
    public long cpuid15Ebx() {
        return cpuid15Ebx;
    }

    /** Builds a {@link PacketDecoderConfig}. */
    public static final class Builder {
        private Errata errata = Errata.NONE;
        private boolean skd007;
        private boolean skz84;
        private int mtcFreq;
        private int nomFreq;
        private long cpuid15Eax;
        private long cpuid15Ebx;

        private Builder() {
        }

        /**
         * Takes the erratum workarounds of a CPU: sets {@link #skd007(boolean)} and
         * {@link #skz84(boolean)} from it and keeps it for {@link PacketDecoderConfig#errata()}.
         */
        public Builder errata(Errata value) {
            this.errata = Objects.requireNonNull(value, "errata");
            this.skd007 = value.has(Erratum.SKD007);
            this.skz84 = value.has(Erratum.SKZ84);
            return this;
        }

        /** Enables the SKD007 workaround. */
        public Builder skd007(boolean on) {
            this.skd007 = on;
            return this;
        }

        /** Enables the SKZ84 workaround. */
        public Builder skz84(boolean on) {
            this.skz84 = on;
            return this;
        }

        /** Sets IA32_RTIT_CTL.MTCFreq. */
        public Builder mtcFreq(int value) {
            this.mtcFreq = value;
            return this;
        }

        /** Sets the nominal core:bus ratio. */
        public Builder nomFreq(int value) {
            this.nomFreq = value;
            return this;
        }

        /** Sets CPUID leaf 0x15 EAX. */
        public Builder cpuid15Eax(long value) {
            this.cpuid15Eax = value;
            return this;
        }

        /** Sets CPUID leaf 0x15 EBX. */
        public Builder cpuid15Ebx(long value) {
            this.cpuid15Ebx = value;
            return this;
        }

        /** The configuration. */
        public PacketDecoderConfig build() {
            return new PacketDecoderConfig(this);
        }
    }
}
