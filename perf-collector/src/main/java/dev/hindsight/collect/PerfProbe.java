package dev.hindsight.collect;

import dev.hindsight.collect.sys.PerfEvent;
import dev.hindsight.collect.sys.PerfEventAttr;
import dev.hindsight.collect.sys.SysCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the kernel, by opening and closing real perf events on the calling thread, what
 * {@link MachineSupport} can only infer from files: whether software events, the hardware branch
 * event that BTS recording uses, and the intel_pt PMU can actually be opened, and if not, with
 * which errno.
 */
public final class PerfProbe {
    /** PERF_COUNT_HW_BRANCH_INSTRUCTIONS. */
    static final long HW_BRANCH_INSTRUCTIONS = 4;

    private PerfProbe() {
    }

    /** One line per event kind: {@code perf_event_open <kind>: yes} or {@code no (ERRNO ...)}. */
    public static List<String> probe() {
        List<String> out = new ArrayList<>();
        out.add("perf_event_open software task-clock: " + tryOpen(new PerfEventAttr()
                .type(PerfEventAttr.TYPE_SOFTWARE).config(PerfEventAttr.SW_TASK_CLOCK)
                .flags(PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_KERNEL)));
        // BTS: branch instructions sampled with period 1 (the kernel routes this to the DS area).
        out.add("perf_event_open hardware branch-instructions, period 1 (BTS): " + tryOpen(
                new PerfEventAttr().type(PerfEventAttr.TYPE_HARDWARE).config(HW_BRANCH_INSTRUCTIONS)
                        .samplePeriod(1).flags(PerfEventAttr.FLAG_DISABLED
                                | PerfEventAttr.FLAG_EXCLUDE_KERNEL)));
        Path ptType = Path.of("/sys/bus/event_source/devices/intel_pt/type");
        String pt;
        if (!Files.isReadable(ptType)) {
            pt = "no (no intel_pt PMU)";
        } else {
            try {
                int type = Integer.parseInt(Files.readString(ptType).trim());
                pt = tryOpen(new PerfEventAttr().type(type).flags(PerfEventAttr.FLAG_DISABLED
                        | PerfEventAttr.FLAG_EXCLUDE_KERNEL));
            } catch (IOException | NumberFormatException e) {
                pt = "no (unreadable " + ptType + ")";
            }
        }
        out.add("perf_event_open intel_pt: " + pt);
        return out;
    }

    private static String tryOpen(PerfEventAttr attr) {
        try (PerfEvent ev = PerfEvent.open(attr, 0, -1)) {
            return "yes";
        } catch (SysCallException e) {
            return "no (" + e.errnoName() + " " + dev.hindsight.collect.sys.Errno.description(
                    e.errno()) + ")";
        }
    }
}
