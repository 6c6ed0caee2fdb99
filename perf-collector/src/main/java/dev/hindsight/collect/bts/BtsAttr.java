package dev.hindsight.collect.bts;

import dev.hindsight.collect.sys.PerfEventAttr;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code perf_event_attr} gdb uses for BTS (spec §10.1): PERF_TYPE_HARDWARE /
 * PERF_COUNT_HW_BRANCH_INSTRUCTIONS with sample_period 1, which the x86 PMU driver routes to the
 * Branch Trace Store; samples carry IP (from) and ADDR (to); kernel, hypervisor and idle
 * excluded.
 */
public final class BtsAttr {
    /** PERF_COUNT_HW_BRANCH_INSTRUCTIONS. */
    public static final long HW_BRANCH_INSTRUCTIONS = 4;
    /** The sample type: from = ip, to = addr. */
    public static final long SAMPLE_TYPE = PerfEventAttr.SAMPLE_IP | PerfEventAttr.SAMPLE_ADDR;

    private BtsAttr() {
    }

    /** The attr, counting from the start as gdb's is, unless {@code disabled}. */
    public static PerfEventAttr build(boolean disabled) {
        long flags = PerfEventAttr.FLAG_EXCLUDE_KERNEL | PerfEventAttr.FLAG_EXCLUDE_HV
                | PerfEventAttr.FLAG_EXCLUDE_IDLE;
        if (disabled) {
            flags |= PerfEventAttr.FLAG_DISABLED;
        }
        return new PerfEventAttr().type(PerfEventAttr.TYPE_HARDWARE).config(HW_BRANCH_INSTRUCTIONS)
                .samplePeriod(1).sampleType(SAMPLE_TYPE).flags(flags);
    }

    /** A summary of the attr for the bundle manifest. */
    public static Map<String, String> summary(PerfEventAttr attr, long dataSize) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", Integer.toString(attr.type()));
        m.put("config", "0x" + Long.toHexString(attr.config()));
        m.put("sample_period", "1");
        m.put("sample_type", "0x" + Long.toHexString(attr.sampleType()));
        m.put("flags", "0x" + Long.toHexString(attr.flags()));
        m.put("data_size", Long.toString(dataSize));
        return m;
    }
}
