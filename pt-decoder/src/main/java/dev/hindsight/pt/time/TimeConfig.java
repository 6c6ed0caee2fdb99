package dev.hindsight.pt.time;

/**
 * The timing part of a trace configuration: what a decoder must know about the recording CPU to
 * turn timing packets into TSC values.
 *
 * <p>Mirrors the fields of libipt's {@code struct pt_config} that {@code pt_time.c} reads
 * ({@code mtc_freq}, {@code nom_freq}, {@code cpuid_0x15_eax}, {@code cpuid_0x15_ebx},
 * {@code errata.skl168}) and the decoder flag {@code keep_tcal_on_ovf}. The erratum is a plain
 * boolean so this layer does not depend on the errata module; callers copy it from their errata
 * set. Immutable; build with {@link #builder()}.
 */
public final class TimeConfig {

    /** A configuration with every value zero and no flags, as libipt's {@code pt_config_init}. */
    public static final TimeConfig NONE = builder().build();

    private final int mtcFreq;
    private final int nomFreq;
    private final int cpuid15Eax;
    private final int cpuid15Ebx;
    private final boolean skl168;
    private final boolean keepTcalOnOvf;

    private TimeConfig(Builder b) {
        this.mtcFreq = b.mtcFreq;
        this.nomFreq = b.nomFreq;
        this.cpuid15Eax = b.cpuid15Eax;
        this.cpuid15Ebx = b.cpuid15Ebx;
        this.skl168 = b.skl168;
        this.keepTcalOnOvf = b.keepTcalOnOvf;
    }

    /** A new builder with every value zero and no flags. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .mtcFreq(mtcFreq)
                .nomFreq(nomFreq)
                .cpuid15Eax(cpuid15Eax)
                .cpuid15Ebx(cpuid15Ebx)
                .skl168(skl168)
                .keepTcalOnOvf(keepTcalOnOvf);
    }

    /**
     * The MTC frequency {@code N} (IA32_RTIT_CTL.MTCFreq, bits 17:14): an MTC packet carries
     * {@code CTC[N+7:N]}. 0..255 as libipt's {@code uint8_t}.
     */
    public int mtcFreq() {
        return mtcFreq;
    }

    /**
     * The nominal core:bus ratio P1 (MSR_PLATFORM_INFO[15:8]); 0 means unknown, and then CBR
     * packets do not calibrate. 0..255.
     */
    public int nomFreq() {
        return nomFreq;
    }

    /** CPUID.15H:EAX, the denominator of the TSC:CTC ratio; unsigned 32 bits; 0 means unknown. */
    public int cpuid15Eax() {
        return cpuid15Eax;
    }

    /** CPUID.15H:EBX, the numerator of the TSC:CTC ratio; unsigned 32 bits; 0 means unknown. */
    public int cpuid15Ebx() {
        return cpuid15Ebx;
    }

    /**
     * Whether erratum SKL168 applies ("Intel PT CYC packets can be dropped when immediately
     * preceding PSB"): calibration then distrusts the first MTC period after each PSB.
     */
    public boolean skl168() {
        return skl168;
    }

    /**
     * Whether time calibration survives an overflow (libipt's {@code keep_tcal_on_ovf} decoder
     * flag, ptdump's and ptxed's {@code --keep-tcal-on-ovf}); otherwise OVF resets it.
     */
    public boolean keepTcalOnOvf() {
        return keepTcalOnOvf;
    }

    /** Whether both CPUID.15H values are known, so CTC ticks convert to TSC ticks. */
    public boolean hasCtcRatio() {
        return cpuid15Eax != 0 && cpuid15Ebx != 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TimeConfig)) {
            return false;
        }
        TimeConfig c = (TimeConfig) o;
        return mtcFreq == c.mtcFreq && nomFreq == c.nomFreq && cpuid15Eax == c.cpuid15Eax
                && cpuid15Ebx == c.cpuid15Ebx && skl168 == c.skl168
                && keepTcalOnOvf == c.keepTcalOnOvf;
    }

    @Override
    public int hashCode() {
        int h = mtcFreq;
        h = 31 * h + nomFreq;
        h = 31 * h + cpuid15Eax;
        h = 31 * h + cpuid15Ebx;
        h = 31 * h + (skl168 ? 1 : 0);
        return 31 * h + (keepTcalOnOvf ? 1 : 0);
    }

    @Override
    public String toString() {
        return "TimeConfig[mtcFreq=" + mtcFreq + ", nomFreq=" + nomFreq
                + ", cpuid15Eax=" + Integer.toUnsignedString(cpuid15Eax)
                + ", cpuid15Ebx=" + Integer.toUnsignedString(cpuid15Ebx)
                + ", skl168=" + skl168 + ", keepTcalOnOvf=" + keepTcalOnOvf + "]";
    }

    /** Collects the values of a {@link TimeConfig}. */
    public static final class Builder {
        private int mtcFreq;
        private int nomFreq;
        private int cpuid15Eax;
        private int cpuid15Ebx;
        private boolean skl168;
        private boolean keepTcalOnOvf;

        private Builder() {
        }

        /**
         * Sets the MTC frequency.
         *
         * @param value 0..255
         * @return this builder
         * @throws IllegalArgumentException if the value does not fit 8 bits
         */
        public Builder mtcFreq(int value) {
            this.mtcFreq = checkByte("mtcFreq", value);
            return this;
        }

        /**
         * Sets the nominal frequency (core:bus ratio P1).
         *
         * @param value 0..255
         * @return this builder
         * @throws IllegalArgumentException if the value does not fit 8 bits
         */
        public Builder nomFreq(int value) {
            this.nomFreq = checkByte("nomFreq", value);
            return this;
        }

        /** Sets CPUID.15H:EAX (unsigned 32 bits). */
        public Builder cpuid15Eax(int value) {
            this.cpuid15Eax = value;
            return this;
        }

        /** Sets CPUID.15H:EBX (unsigned 32 bits). */
        public Builder cpuid15Ebx(int value) {
            this.cpuid15Ebx = value;
            return this;
        }

        /** Sets whether erratum SKL168 applies. */
        public Builder skl168(boolean value) {
            this.skl168 = value;
            return this;
        }

        /** Sets whether time calibration survives an overflow. */
        public Builder keepTcalOnOvf(boolean value) {
            this.keepTcalOnOvf = value;
            return this;
        }

        /** The configuration. */
        public TimeConfig build() {
            return new TimeConfig(this);
        }

        private static int checkByte(String name, int value) {
            if (value < 0 || value > 0xff) {
                throw new IllegalArgumentException(name + " must be 0..255: " + value);
            }
            return value;
        }
    }
}
