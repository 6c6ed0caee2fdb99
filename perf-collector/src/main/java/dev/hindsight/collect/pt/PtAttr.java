package dev.hindsight.collect.pt;

import dev.hindsight.collect.sys.PerfEventAttr;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the {@code perf_event_attr} of an Intel PT event from the PMU's formats and the options:
 * packet generation and branch tracing on, return compression on ({@code noretcomp} clear),
 * user space only unless asked, the PSB period and optional TSC, MTC and CYC with their periods
 * (checked against the PMU's {@code caps}, as the kernel's {@code pt_event_valid} checks them),
 * plus the sideband records a decoder needs (MMAP2, COMM, task, ITRACE_START, AUX, LOST, with
 * sample_id_all: tid and time).
 */
public final class PtAttr {
    /** The sample_type of every sideband record's sample_id trailer: TID and TIME. */
    public static final long SIDEBAND_SAMPLE_TYPE = PerfEventAttr.SAMPLE_TID
            | PerfEventAttr.SAMPLE_TIME;

    private PtAttr() {
    }

    /**
     * The attr for {@code pmu} and {@code options}, disabled (the collector enables it).
     *
     * @throws IllegalArgumentException when the PMU lacks a format or capability the options
     *     need, or a period is not one the PMU offers
     */
    public static PerfEventAttr build(PtPmu pmu, PtOptions options) {
        return new PerfEventAttr().type(pmu.type()).config(config(pmu, options))
                .sampleType(SIDEBAND_SAMPLE_TYPE).flags(flags(options));
    }

    /** The config word alone. */
    public static long config(PtPmu pmu, PtOptions o) {
        long c = 0;
        if (pmu.formats().containsKey("pt")) {
            c |= pmu.config("pt", 1);
        }
        c |= pmu.config("branch", 1);
        // noretcomp stays 0: return compression on, as libipt and gdb expect.
        if (o.tsc()) {
            c |= pmu.config("tsc", 1);
        }
        if (o.mtcPeriod() >= 0) {
            require(pmu, "mtc", "MTC");
            checkPeriod(pmu, "mtc_periods", o.mtcPeriod(), "mtc_period");
            c |= pmu.config("mtc", 1) | pmu.config("mtc_period", o.mtcPeriod());
        }
        if (o.cycThreshold() >= 0) {
            require(pmu, "psb_cyc", "CYC");
            checkPeriod(pmu, "cycle_thresholds", o.cycThreshold(), "cyc_thresh");
            c |= pmu.config("cyc", 1) | pmu.config("cyc_thresh", o.cycThreshold());
        }
        if (o.psbPeriod() >= 0) {
            require(pmu, "psb_cyc", "a PSB period");
            checkPeriod(pmu, "psb_periods", o.psbPeriod(), "psb_period");
            c |= pmu.config("psb_period", o.psbPeriod());
        }
        return c;
    }

    /** The flag bits. */
    public static long flags(PtOptions o) {
        long f = PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_HV
                | PerfEventAttr.FLAG_EXCLUDE_IDLE | PerfEventAttr.FLAG_MMAP
                | PerfEventAttr.FLAG_MMAP2 | PerfEventAttr.FLAG_COMM | PerfEventAttr.FLAG_TASK
                | PerfEventAttr.FLAG_SAMPLE_ID_ALL;
        if (o.userOnly()) {
            f |= PerfEventAttr.FLAG_EXCLUDE_KERNEL;
        }
        return f;
    }

    private static void require(PtPmu pmu, String cap, String what) {
        if (!pmu.has(cap)) {
            throw new IllegalArgumentException("this Intel PT does not support " + what
                    + " (caps/" + cap + " is 0)");
        }
    }

    private static void checkPeriod(PtPmu pmu, String cap, int value, String name) {
        // caps/*_periods and cycle_thresholds are bitmaps of the values the CPU accepts (CPUID
        // leaf 0x14); a missing file means the PMU does not say, and the kernel decides.
        if (!pmu.caps().containsKey(cap)) {
            return;
        }
        long mask = pmu.cap(cap);
        if (value > 63 || (mask & (1L << value)) == 0) {
            throw new IllegalArgumentException(name + " " + value + " is not offered by this CPU"
                    + " (caps/" + cap + " = 0x" + Long.toHexString(mask) + ")");
        }
    }

    /** A summary of the attr for the bundle manifest. */
    public static Map<String, String> summary(PerfEventAttr attr, PtOptions o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", Integer.toString(attr.type()));
        m.put("config", "0x" + Long.toHexString(attr.config()));
        m.put("flags", "0x" + Long.toHexString(attr.flags()));
        m.put("sample_type", "0x" + Long.toHexString(attr.sampleType()));
        m.put("aux_size", Long.toString(o.bufferSize()));
        m.put("mode", o.snapshot() ? "snapshot" : "full");
        return m;
    }
}
