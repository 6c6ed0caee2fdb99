package dev.hindsight.errata;

import dev.hindsight.errata.internal.CpuInfo;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A CPU identifier: vendor, family, model and stepping (libipt's {@code struct pt_cpu}).
 *
 * <p>Written and parsed as ptdump/ptxed's {@code --cpu} argument:
 * <ul>
 *   <li>{@code f/m} or {@code f/m/s}: an Intel CPU; each number as C's {@code strtol(.., 0)} reads
 *       it (decimal, {@code 0x} hex or leading-zero octal), exactly as {@code pt_cpu_parse()};
 *       family up to 65535, model and stepping up to 255, stepping defaults to 0;</li>
 *   <li>{@code intel:f/m[/s]}: the same with the vendor spelled out;</li>
 *   <li>{@code none}: no CPU, decode per specification ({@link #NONE});</li>
 *   <li>{@code auto}: this machine, from {@code /proc/cpuinfo}. A CPU that is not GenuineIntel
 *       gets vendor {@link CpuVendor#UNKNOWN}, which means no errata (see {@link #describe()}).</li>
 * </ul>
 * Immutable.
 */
public final class CpuId {

    /** No CPU: vendor unknown, all numbers zero; decoders apply no workarounds. */
    public static final CpuId NONE = new CpuId(CpuVendor.UNKNOWN, 0, 0, 0, null);

    private static final String INTEL_PREFIX = "intel:";
    private static final String GENUINE_INTEL = "GenuineIntel";

    private final CpuVendor vendor;
    private final int family;
    private final int model;
    private final int stepping;
    /** The vendor string read by {@code auto} for a non-Intel CPU, else null. */
    private final String vendorId;

    private CpuId(CpuVendor vendor, int family, int model, int stepping, String vendorId) {
        this.vendor = vendor;
        this.family = family;
        this.model = model;
        this.stepping = stepping;
        this.vendorId = vendorId;
    }

    /**
     * An Intel CPU.
     *
     * @param family the family, 0..65535
     * @param model the model, 0..255
     * @param stepping the stepping, 0..255
     * @return the identifier
     * @throws IllegalArgumentException when a number is out of range
     */
    public static CpuId intel(int family, int model, int stepping) {
        if (family < 0 || family > 0xffff || model < 0 || model > 0xff || stepping < 0
                || stepping > 0xff) {
            throw new IllegalArgumentException("cpu: family/model/stepping out of range: "
                    + family + "/" + model + "/" + stepping);
        }
        return new CpuId(CpuVendor.INTEL, family, model, stepping, null);
    }

    /**
     * Parses a {@code --cpu} argument: {@code none}, {@code auto}, {@code f/m[/s]} or
     * {@code intel:f/m[/s]}.
     *
     * @param text the argument
     * @return the identifier
     * @throws IllegalArgumentException with a one-line message when the text is not one of these
     *     forms, or {@code auto} cannot read {@code /proc/cpuinfo}
     */
    public static CpuId parse(String text) {
        return parse(text, CpuInfo.PROC_CPUINFO);
    }

    /**
     * Parses a {@code --cpu} argument, reading {@code auto} from the given cpuinfo file.
     *
     * @param text the argument
     * @param cpuinfo the file {@code auto} reads (normally {@code /proc/cpuinfo})
     * @return the identifier
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    public static CpuId parse(String text, Path cpuinfo) {
        Objects.requireNonNull(text, "text");
        if (text.equals("none")) {
            return NONE;
        }
        if (text.equals("auto")) {
            return fromCpuInfo(CpuInfo.read(cpuinfo));
        }
        String fms = text.startsWith(INTEL_PREFIX) ? text.substring(INTEL_PREFIX.length()) : text;
        CpuId cpu = parseFamilyModelStepping(fms);
        if (cpu == null) {
            throw new IllegalArgumentException("bad cpu '" + text
                    + "': cpu must be specified as f/m[/s], intel:f/m[/s], none or auto");
        }
        return cpu;
    }

    /**
     * The identifier of the CPU described by cpuinfo text.
     *
     * @param cpuinfoText the content of a {@code /proc/cpuinfo} file
     * @return an Intel identifier for GenuineIntel, else an unknown-vendor one
     * @throws IllegalArgumentException when a field is missing
     */
    public static CpuId fromCpuInfo(String cpuinfoText) {
        return fromCpuInfo(CpuInfo.parse(cpuinfoText, "cpuinfo"));
    }

    private static CpuId fromCpuInfo(CpuInfo info) {
        if (GENUINE_INTEL.equals(info.vendorId())) {
            return intel(info.family(), info.model(), info.stepping());
        }
        return new CpuId(CpuVendor.UNKNOWN, info.family() & 0xffff, info.model() & 0xff,
                info.stepping() & 0xff, info.vendorId());
    }

    /** Mirrors libipt's pt_cpu_parse(): "f/m" or "f/m/s", numbers as strtol(.., 0); null if bad. */
    private static CpuId parseFamilyModelStepping(String s) {
        CNumber family = CNumber.read(s, 0);
        if (family.end() == 0 || family.end() >= s.length() || s.charAt(family.end()) != '/') {
            return null;
        }
        if (!family.inRange(0xffff)) {
            return null;
        }
        int from = family.end() + 1;
        CNumber model = CNumber.read(s, from);
        if (model.end() == from) {
            return null;
        }
        boolean atEnd = model.end() == s.length();
        if (!atEnd && s.charAt(model.end()) != '/') {
            return null;
        }
        if (!model.inRange(0xff)) {
            return null;
        }
        long stepping = 0;
        if (!atEnd) {
            // libipt does not require a digit here: "6/142/" has stepping 0.
            CNumber step = CNumber.read(s, model.end() + 1);
            if (step.end() != s.length() || !step.inRange(0xff)) {
                return null;
            }
            stepping = step.magnitude();
        }
        return new CpuId(CpuVendor.INTEL, (int) family.magnitude(), (int) model.magnitude(),
                (int) stepping, null);
    }

    /** The vendor. */
    public CpuVendor vendor() {
        return vendor;
    }

    /** The family (for Intel the display family, e.g. 6). */
    public int family() {
        return family;
    }

    /** The model (the display model, e.g. 142). */
    public int model() {
        return model;
    }

    /** The stepping. */
    public int stepping() {
        return stepping;
    }

    /** Whether this is an Intel CPU, the only vendor with an erratum table. */
    public boolean isIntel() {
        return vendor == CpuVendor.INTEL;
    }

    /**
     * A one-line description for users, e.g. {@code intel:6/142/10}, {@code none}, or
     * {@code AuthenticAMD 25/33/1: not an Intel cpu, no errata} for {@code auto} on another vendor.
     */
    public String describe() {
        if (vendorId != null) {
            return vendorId + " " + family + "/" + model + "/" + stepping
                    + ": not an Intel cpu, no errata";
        }
        return toString();
    }

    /** The canonical text: {@code none} or {@code intel:f/m/s}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        if (vendor == CpuVendor.INTEL) {
            return INTEL_PREFIX + family + "/" + model + "/" + stepping;
        }
        return vendorId == null && family == 0 && model == 0 && stepping == 0 ? "none"
                : "unknown:" + family + "/" + model + "/" + stepping;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuId c && c.vendor == vendor && c.family == family
                && c.model == model && c.stepping == stepping;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, family, model, stepping);
    }
}
