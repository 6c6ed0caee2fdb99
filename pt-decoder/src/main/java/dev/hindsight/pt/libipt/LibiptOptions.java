package dev.hindsight.pt.libipt;

import java.util.Arrays;

/**
 * How to configure a libipt decoder: the {@code struct pt_config} fields Hindsight sets.
 *
 * @param blockDecoder     use libipt's block decoder ({@code pt_blk_*}) instead of the
 *                         instruction decoder ({@code pt_insn_*})
 * @param cpuFamily        the family of the CPU that wrote the trace, or -1 for none (no errata)
 * @param cpuModel         its model
 * @param cpuStepping      its stepping
 * @param mtcFreq          IA32_RTIT_CTL.MTCFreq
 * @param nomFreq          MSR_PLATFORM_INFO[15:8], the nominal core:bus ratio
 * @param cpuid15Eax       CPUID leaf 0x15 EAX (TSC:crystal denominator)
 * @param cpuid15Ebx       CPUID leaf 0x15 EBX (TSC:crystal numerator)
 * @param endOnCall        end blocks after calls
 * @param endOnJump        end blocks after jumps
 * @param tickEvents       enable tick events
 * @param filterConfig     the IA32_RTIT_CTL ADDRn_CFG fields, four bits each, addr0 lowest
 * @param filterAddresses  addr0_a, addr0_b, addr1_a, ... addr3_b (eight values)
 */
public record LibiptOptions(boolean blockDecoder, int cpuFamily, int cpuModel, int cpuStepping,
        int mtcFreq, int nomFreq, int cpuid15Eax, int cpuid15Ebx,
        boolean endOnCall, boolean endOnJump, boolean tickEvents,
        int filterConfig, long[] filterAddresses) {

    public LibiptOptions {
        filterAddresses = filterAddresses == null ? new long[8] : Arrays.copyOf(filterAddresses, 8);
    }

    /** The defaults: block decoder, no CPU (no errata), no timing, no filter. */
    public static LibiptOptions defaults() {
        return new LibiptOptions(true, -1, 0, 0, 0, 0, 0, 0, false, false, false, 0, null);
    }

    /** These options for the given CPU. */
    public LibiptOptions withCpu(int family, int model, int stepping) {
        return new LibiptOptions(blockDecoder, family, model, stepping, mtcFreq, nomFreq, cpuid15Eax,
                cpuid15Ebx, endOnCall, endOnJump, tickEvents, filterConfig, filterAddresses);
    }

    /** These options with the instruction decoder ({@code false}) or the block decoder. */
    public LibiptOptions withBlockDecoder(boolean block) {
        return new LibiptOptions(block, cpuFamily, cpuModel, cpuStepping, mtcFreq, nomFreq, cpuid15Eax,
                cpuid15Ebx, endOnCall, endOnJump, tickEvents, filterConfig, filterAddresses);
    }

    /** These options with the timing parameters. */
    public LibiptOptions withTiming(int mtc, int nom, int eax, int ebx) {
        return new LibiptOptions(blockDecoder, cpuFamily, cpuModel, cpuStepping, mtc, nom, eax, ebx,
                endOnCall, endOnJump, tickEvents, filterConfig, filterAddresses);
    }

    /** The address the filter range {@code index} (0..7 = addr0_a ... addr3_b) holds. */
    @Override
    public long[] filterAddresses() {
        return filterAddresses.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LibiptOptions other && blockDecoder == other.blockDecoder
                && cpuFamily == other.cpuFamily && cpuModel == other.cpuModel
                && cpuStepping == other.cpuStepping && mtcFreq == other.mtcFreq && nomFreq == other.nomFreq
                && cpuid15Eax == other.cpuid15Eax && cpuid15Ebx == other.cpuid15Ebx
                && endOnCall == other.endOnCall && endOnJump == other.endOnJump
                && tickEvents == other.tickEvents && filterConfig == other.filterConfig
                && Arrays.equals(filterAddresses, other.filterAddresses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(filterAddresses) * 31 + Boolean.hashCode(blockDecoder) + cpuModel;
    }

    @Override
    public String toString() {
        return "LibiptOptions[block=" + blockDecoder + ", cpu=" + cpuFamily + "/" + cpuModel + "/" + cpuStepping + "]";
    }
}
