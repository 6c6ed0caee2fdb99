package dev.hindsight.errata;

import static dev.hindsight.errata.Erratum.APL11;
import static dev.hindsight.errata.Erratum.APL12;
import static dev.hindsight.errata.Erratum.BDM64;
import static dev.hindsight.errata.Erratum.BDM70;
import static dev.hindsight.errata.Erratum.SKD007;
import static dev.hindsight.errata.Erratum.SKD010;
import static dev.hindsight.errata.Erratum.SKD022;
import static dev.hindsight.errata.Erratum.SKL014;
import static dev.hindsight.errata.Erratum.SKL168;
import static dev.hindsight.errata.Erratum.SKZ84;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The set of erratum workarounds a decoder applies (libipt's {@code struct pt_errata}).
 *
 * <p>Immutable; {@link #has(Erratum)} is a mask test, cheap enough for decoder hot paths.
 * {@link #forCpu(CpuId)} is the CPU-to-errata table.
 */
public final class Errata {

    /** No workarounds: decode per specification. */
    public static final Errata NONE = new Errata(0);

    private final int bits;

    private Errata(int bits) {
        this.bits = bits;
    }

    /**
     * The set holding exactly these errata.
     *
     * @param errata the workarounds to enable
     * @return the set
     */
    public static Errata of(Erratum... errata) {
        int bits = 0;
        for (Erratum e : errata) {
            bits |= bit(e);
        }
        return bits == 0 ? NONE : new Errata(bits);
    }

    /**
     * The set holding exactly these errata.
     *
     * @param errata the workarounds to enable
     * @return the set
     */
    public static Errata of(Set<Erratum> errata) {
        return of(errata.toArray(new Erratum[0]));
    }

    /**
     * The workarounds for a CPU, or {@link UnknownCpuException} if the table lacks it.
     *
     * <p>For an Intel CPU this is libipt master's {@code pt_cpu_errata()}. A CPU whose vendor
     * is {@link CpuVendor#UNKNOWN} ({@link CpuId#NONE}, or {@code auto} on another vendor) gets
     * {@link #NONE}, as ptdump and ptxed only consult the table when a vendor is set.
     *
     * @param cpu the CPU the trace was recorded on
     * @return the workarounds
     * @throws UnknownCpuException when an Intel family/model is not in the table (libipt's
     *     {@code -pte_bad_cpu}, e.g. {@code 0/0})
     */
    public static Errata forCpu(CpuId cpu) throws UnknownCpuException {
        if (!cpu.isIntel()) {
            return NONE;
        }
        Errata errata = table(cpu.family(), cpu.model());
        if (errata == null) {
            throw new UnknownCpuException(cpu);
        }
        return errata;
    }

    /**
     * The workarounds for a CPU, empty when {@link #forCpu(CpuId)} would throw.
     *
     * @param cpu the CPU
     * @return the workarounds, or empty for an Intel CPU the table does not know
     */
    public static Optional<Errata> lookup(CpuId cpu) {
        try {
            return Optional.of(forCpu(cpu));
        } catch (UnknownCpuException e) {
            return Optional.empty();
        }
    }

    /**
     * libipt master (8978561f) pt_cpu_errata(): one switch on family, then model.
     *
     * <p>Master's table is newer than the libipt sources our index holds (2.1): it lists family
     * 0x12 and 0x13 parts and model 0xd5, and no longer applies SKL014 to the 0x8f/0xad/0xae/0xcf
     * server parts nor to the APL11 client group. The rows below are master's, as confirmed by
     * the conformance suite's {@code errata_by_cpu} for every CPU it lists.
     */
    private static Errata table(int family, int model) {
        switch (family) {
            case 0x6:
                switch (model) {
                    case 0x3d, 0x47, 0x4f, 0x56:
                        return of(BDM70, BDM64);
                    case 0x4e, 0x5e, 0x8e, 0x9e, 0xa5, 0xa6:
                        return of(BDM70, SKD007, SKD022, SKD010, SKL014, SKL168);
                    case 0x55, 0x6a, 0x6c:
                        return of(BDM70, SKL014, SKD022, SKZ84);
                    case 0x8f, 0xad, 0xae, 0xcf:
                        return of(BDM70, SKD022, SKZ84);
                    case 0x66, 0x7d, 0x7e, 0x8c, 0x8d, 0xa7, 0xa8:
                        return of(BDM70, SKL014, SKD022);
                    case 0x97, 0x9a, 0xbf, 0xb7, 0xb5, 0xaa, 0xac, 0xba, 0xcc, 0xbd, 0xc5, 0xc6,
                            0xd5:
                        return of(BDM70, SKD022, APL11);
                    case 0x5c, 0x5f:
                        return of(APL12, APL11);
                    case 0x7a, 0x86, 0x96, 0x9c, 0xb6, 0xaf, 0xdd:
                        return of(APL11);
                    default:
                        return null;
                }
            case 0x12:
                switch (model) {
                    case 0x01, 0x03:
                        return of(BDM70, SKD022, APL11);
                    default:
                        return null;
                }
            case 0x13:
                switch (model) {
                    case 0x01:
                        return of(BDM70, SKD022, SKZ84);
                    default:
                        return null;
                }
            default:
                return null;
        }
    }

    /**
     * Whether the workaround for {@code erratum} is enabled.
     *
     * @param erratum the erratum
     * @return true if enabled
     */
    public boolean has(Erratum erratum) {
        return (bits & bit(erratum)) != 0;
    }

    /** Whether no workaround is enabled. */
    public boolean isEmpty() {
        return bits == 0;
    }

    /** The enabled errata, in libipt's field order. */
    public Set<Erratum> toSet() {
        EnumSet<Erratum> set = EnumSet.noneOf(Erratum.class);
        for (Erratum e : Erratum.values()) {
            if (has(e)) {
                set.add(e);
            }
        }
        return set;
    }

    private static int bit(Erratum e) {
        return 1 << e.ordinal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Errata e && e.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    /** The libipt flag names, space separated, e.g. {@code bdm70 skd022}; {@code none} if empty. */
    @Override
    public String toString() {
        if (bits == 0) {
            return "none";
        }
        StringJoiner j = new StringJoiner(" ");
        for (Erratum e : toSet()) {
            j.add(e.flagName());
        }
        return j.toString();
    }
}
