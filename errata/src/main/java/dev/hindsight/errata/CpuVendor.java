package dev.hindsight.errata;

/**
 * A CPU vendor, as libipt's {@code enum pt_cpu_vendor} distinguishes them.
 *
 * <p>Only Intel CPUs have an erratum table; every other vendor (and "no CPU given") is
 * {@link #UNKNOWN}.
 */
public enum CpuVendor {
    /** Not known, or not Intel: decode per specification, without workarounds. */
    UNKNOWN,
    /** GenuineIntel. */
    INTEL
}
