package dev.hindsight.pt.query;

import dev.hindsight.errata.Errata;
import dev.hindsight.errata.Erratum;
import dev.hindsight.pt.packet.PacketDecoderConfig;
import dev.hindsight.pt.time.TimeConfig;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable configuration of the query layer, the parts of libipt's {@code struct pt_config}
 * that decoders above the packet layer use: erratum workarounds ({@code struct pt_errata}),
 * timing parameters, decoder flags ({@code struct pt_conf_flags}) and the address filter
 * ({@code struct pt_conf_addr_filter}).
 *
 * <p>Build with {@link #builder()}; {@link #DEFAULT} has no errata, no timing parameters and
 * no flags (libipt's zero-initialized {@code pt_config}).
 */
public final class QueryConfig {
    /** No errata, no timing parameters, no flags, no address filter. */
    public static final QueryConfig DEFAULT = builder().build();

    private final boolean bdm70;
    private final boolean bdm64;
    private final boolean skd007;
    private final boolean skd022;
    private final boolean skd010;
    private final boolean skl014;
    private final boolean apl12;
    private final boolean apl11;
    private final boolean skl168;
    private final boolean skz84;
    private final int cpuid15Eax;
    private final int cpuid15Ebx;
    private final int mtcFreq;
    private final int nomFreq;
    private final boolean keepTcalOnOvf;
    private final boolean enableIflagsEvents;
    private final boolean enableTickEvents;
    private final AddressFilter addressFilter;
    private final PacketDecoderConfig packetConfig;
    private final TimeConfig timeConfig;

    private QueryConfig(Builder b) {
        bdm70 = b.bdm70;
        bdm64 = b.bdm64;
        skd007 = b.skd007;
        skd022 = b.skd022;
        skd010 = b.skd010;
        skl014 = b.skl014;
        apl12 = b.apl12;
        apl11 = b.apl11;
        skl168 = b.skl168;
        skz84 = b.skz84;
        cpuid15Eax = b.cpuid15Eax;
        cpuid15Ebx = b.cpuid15Ebx;
        mtcFreq = b.mtcFreq;
        nomFreq = b.nomFreq;
        keepTcalOnOvf = b.keepTcalOnOvf;
        enableIflagsEvents = b.enableIflagsEvents;
        enableTickEvents = b.enableTickEvents;
        addressFilter = b.addressFilter;
        packetConfig = PacketDecoderConfig.builder().skd007(skd007).skz84(skz84).mtcFreq(mtcFreq)
                .nomFreq(nomFreq).cpuid15Eax(Integer.toUnsignedLong(cpuid15Eax))
                .cpuid15Ebx(Integer.toUnsignedLong(cpuid15Ebx)).build();
        timeConfig = TimeConfig.builder().mtcFreq(mtcFreq).nomFreq(nomFreq).cpuid15Eax(cpuid15Eax)
                .cpuid15Ebx(cpuid15Ebx).skl168(skl168).keepTcalOnOvf(keepTcalOnOvf).build();
    }

    /** A builder starting from {@link #DEFAULT}. @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. @return a new builder */
    public Builder toBuilder() {
        Builder b = new Builder();
            b.bdm70 = bdm70;
            b.bdm64 = bdm64;
            b.skd007 = skd007;
            b.skd022 = skd022;
            b.skd010 = skd010;
            b.skl014 = skl014;
            b.apl12 = apl12;
            b.apl11 = apl11;
            b.skl168 = skl168;
            b.skz84 = skz84;
        b.cpuid15Eax = cpuid15Eax;
        b.cpuid15Ebx = cpuid15Ebx;
        b.mtcFreq = mtcFreq;
        b.nomFreq = nomFreq;
        b.keepTcalOnOvf = keepTcalOnOvf;
        b.enableIflagsEvents = enableIflagsEvents;
        b.enableTickEvents = enableTickEvents;
        b.addressFilter = addressFilter;
        return b;
    }

    /** Whether the workaround for BDM70 is enabled. PSB+ may contain unexpected FUP/MODE.Exec before a TIP.PGE (handled here). */
    public boolean bdm70() {
        return bdm70;
    }

    /** Whether the workaround for BDM64 is enabled. An incorrect packet may be recorded after a transactional abort (flow layer). */
    public boolean bdm64() {
        return bdm64;
    }

    /** Whether the workaround for SKD007 is enabled. OVF may cut a multi-byte CYC (packet layer). */
    public boolean skd007() {
        return skd007;
    }

    /** Whether the workaround for SKD022 is enabled. VM entry that clears TraceEn may generate a FUP (flow layer). */
    public boolean skd022() {
        return skd022;
    }

    /** Whether the workaround for SKD010 is enabled. FUP/TIP.PGE may be dropped after OVF (handled here). */
    public boolean skd010() {
        return skd010;
    }

    /** Whether the workaround for SKL014 is enabled. TIP.PGD may have no IP on leaving a filter region (flow layer, needs the address filter). */
    public boolean skl014() {
        return skl014;
    }

    /** Whether the workaround for APL12 is enabled. OVF may be followed by an unexpected FUP (handled here). */
    public boolean apl12() {
        return apl12;
    }

    /** Whether the workaround for APL11 is enabled. OVF may be followed by a TIP.PGD (handled here). */
    public boolean apl11() {
        return apl11;
    }

    /** Whether the workaround for SKL168 is enabled. CYC (and MTC) may be dropped before PSB (timing). */
    public boolean skl168() {
        return skl168;
    }

    /** Whether the workaround for SKZ84 is enabled. TSC scaling/offsetting corrupts TMA and adds a bogus byte (packet layer). */
    public boolean skz84() {
        return skz84;
    }

    /** The enabled erratum workarounds as an {@link Errata} value. */
    public Errata errata() {
        Set<Erratum> set = EnumSet.noneOf(Erratum.class);
        for (Erratum e : Erratum.values()) {
            if (has(e)) {
                set.add(e);
            }
        }
        return Errata.of(set);
    }

    private boolean has(Erratum e) {
        switch (e) {
            case BDM70: return bdm70;
            case BDM64: return bdm64;
            case SKD007: return skd007;
            case SKD022: return skd022;
            case SKD010: return skd010;
            case SKL014: return skl014;
            case APL12: return apl12;
            case APL11: return apl11;
            case SKL168: return skl168;
            case SKZ84: return skz84;
            default: return false;
        }
    }

    /** The packet-layer configuration derived from this one (SKD007, SKZ84, timing parameters). */
    public PacketDecoderConfig packetConfig() {
        return packetConfig;
    }

    /** The timing configuration derived from this one (timing parameters, SKL168, keep-tcal-on-ovf). */
    public TimeConfig timeConfig() {
        return timeConfig;
    }

    /** Whether any erratum workaround is enabled. */
    public boolean hasErrata() {
        return bdm70 || bdm64 || skd007 || skd022 || skd010 || skl014 || apl12 || apl11 || skl168 || skz84;
    }

    /** CPUID leaf 0x15 EAX (TSC:crystal ratio denominator), 0 if unknown. */
    public int cpuid15Eax() {
        return cpuid15Eax;
    }

    /** CPUID leaf 0x15 EBX (TSC:crystal ratio numerator), 0 if unknown. */
    public int cpuid15Ebx() {
        return cpuid15Ebx;
    }

    /** IA32_RTIT_CTL.MTCFreq, 0 if unknown. */
    public int mtcFreq() {
        return mtcFreq;
    }

    /** The nominal core:bus ratio (MSR_PLATFORM_INFO[15:8]), 0 if unknown. */
    public int nomFreq() {
        return nomFreq;
    }

    /** Preserve timing calibration across an overflow ({@code keep_tcal_on_ovf}). */
    public boolean keepTcalOnOvf() {
        return keepTcalOnOvf;
    }

    /**
     * Report interrupt-flag changes as {@link EventType#IFLAGS} events ({@code
     * enable_iflags_events}); only meaningful when Event Tracing was enabled (IA32_RTIT_CTL[31]).
     */
    public boolean enableIflagsEvents() {
        return enableIflagsEvents;
    }

    /** Let the flow decoders synthesize {@link EventType#TICK} events ({@code enable_tick_events}). */
    public boolean enableTickEvents() {
        return enableTickEvents;
    }

    /** The address filter configuration; {@link AddressFilter#NONE} if not set. */
    public AddressFilter addressFilter() {
        return addressFilter;
    }

    @Override
    public String toString() {
        return "QueryConfig[mtcFreq=" + mtcFreq + ", nomFreq=" + nomFreq + ", cpuid15=" + cpuid15Eax + "/"
                + cpuid15Ebx + ", keepTcalOnOvf=" + keepTcalOnOvf + ", iflags=" + enableIflagsEvents
                + ", tick=" + enableTickEvents + ", " + addressFilter + "]";
    }

    /** A builder for {@link QueryConfig}. */
    public static final class Builder {
        private boolean bdm70;
        private boolean bdm64;
        private boolean skd007;
        private boolean skd022;
        private boolean skd010;
        private boolean skl014;
        private boolean apl12;
        private boolean apl11;
        private boolean skl168;
        private boolean skz84;
        private int cpuid15Eax;
        private int cpuid15Ebx;
        private int mtcFreq;
        private int nomFreq;
        private boolean keepTcalOnOvf;
        private boolean enableIflagsEvents;
        private boolean enableTickEvents;
        private AddressFilter addressFilter = AddressFilter.NONE;

        private Builder() {
        }

        /** Enables or disables the BDM70 workaround. @param value on/off @return this */
        public Builder bdm70(boolean value) {
            bdm70 = value;
            return this;
        }

        /** Enables or disables the BDM64 workaround. @param value on/off @return this */
        public Builder bdm64(boolean value) {
            bdm64 = value;
            return this;
        }

        /** Enables or disables the SKD007 workaround. @param value on/off @return this */
        public Builder skd007(boolean value) {
            skd007 = value;
            return this;
        }

        /** Enables or disables the SKD022 workaround. @param value on/off @return this */
        public Builder skd022(boolean value) {
            skd022 = value;
            return this;
        }

        /** Enables or disables the SKD010 workaround. @param value on/off @return this */
        public Builder skd010(boolean value) {
            skd010 = value;
            return this;
        }

        /** Enables or disables the SKL014 workaround. @param value on/off @return this */
        public Builder skl014(boolean value) {
            skl014 = value;
            return this;
        }

        /** Enables or disables the APL12 workaround. @param value on/off @return this */
        public Builder apl12(boolean value) {
            apl12 = value;
            return this;
        }

        /** Enables or disables the APL11 workaround. @param value on/off @return this */
        public Builder apl11(boolean value) {
            apl11 = value;
            return this;
        }

        /** Enables or disables the SKL168 workaround. @param value on/off @return this */
        public Builder skl168(boolean value) {
            skl168 = value;
            return this;
        }

        /** Enables or disables the SKZ84 workaround. @param value on/off @return this */
        public Builder skz84(boolean value) {
            skz84 = value;
            return this;
        }

        /**
         * Sets every erratum workaround from {@code errata} (on if it contains the erratum, off
         * otherwise), e.g. from {@code Errata.forCpu(cpu)}.
         *
         * @param errata the workarounds
         * @return this
         */
        public Builder errata(Errata errata) {
            Objects.requireNonNull(errata, "errata");
            bdm70 = errata.has(Erratum.BDM70);
            bdm64 = errata.has(Erratum.BDM64);
            skd007 = errata.has(Erratum.SKD007);
            skd022 = errata.has(Erratum.SKD022);
            skd010 = errata.has(Erratum.SKD010);
            skl014 = errata.has(Erratum.SKL014);
            apl12 = errata.has(Erratum.APL12);
            apl11 = errata.has(Erratum.APL11);
            skl168 = errata.has(Erratum.SKL168);
            skz84 = errata.has(Erratum.SKZ84);
            return this;
        }

        /** Sets CPUID leaf 0x15 EAX and EBX. @param eax the denominator @param ebx the numerator @return this */
        public Builder cpuid15(int eax, int ebx) {
            cpuid15Eax = eax;
            cpuid15Ebx = ebx;
            return this;
        }

        /** Sets IA32_RTIT_CTL.MTCFreq. @param value 0..15 @return this */
        public Builder mtcFreq(int value) {
            mtcFreq = value;
            return this;
        }

        /** Sets the nominal core:bus ratio. @param value 0..255 @return this */
        public Builder nomFreq(int value) {
            nomFreq = value;
            return this;
        }

        /** Sets {@code keep_tcal_on_ovf}. @param value on/off @return this */
        public Builder keepTcalOnOvf(boolean value) {
            keepTcalOnOvf = value;
            return this;
        }

        /** Sets {@code enable_iflags_events}. @param value on/off @return this */
        public Builder enableIflagsEvents(boolean value) {
            enableIflagsEvents = value;
            return this;
        }

        /** Sets {@code enable_tick_events}. @param value on/off @return this */
        public Builder enableTickEvents(boolean value) {
            enableTickEvents = value;
            return this;
        }

        /** Sets the address filter. @param value the filter, not null @return this */
        public Builder addressFilter(AddressFilter value) {
            addressFilter = Objects.requireNonNull(value, "addressFilter");
            return this;
        }

        /** Builds the configuration. @return the immutable configuration */
        public QueryConfig build() {
            return new QueryConfig(this);
        }
    }
}
