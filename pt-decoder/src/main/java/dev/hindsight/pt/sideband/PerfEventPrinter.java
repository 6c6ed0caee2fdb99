package dev.hindsight.pt.sideband;

/**
 * Formats perf_event records the way ptdump and ptxed print them (libipt's
 * {@code pt_sb_pevent_print}): an optional file name and offset, an optional TSC, the record in
 * compact or verbose form, then the samples.
 *
 * <p>Compact: {@code PERF_RECORD_MMAP  1/1, 1000, 6, 0, a.bin  { 1/1 0 }}. Verbose: the record
 * name, then one {@code "  field: value"} line per field and per sample. Numbers are lower-case
 * hex without prefix. Appends to a caller's {@link StringBuilder}; allocates only for strings.
 */
public final class PerfEventPrinter {
    private PerfEventPrinter() {
    }

    /**
     * Appends one record, ending with a newline unless {@code flags} is 0.
     *
     * @param event      the record
     * @param flags      {@link SidebandPrint} bits
     * @param fileName   the sideband file's name, for {@link SidebandPrint#FILENAME}
     * @param fileOffset the record's offset in that file, for {@link SidebandPrint#FILE_OFFSET}
     * @param out        where to append
     */
    public static void print(PerfEvent event, int flags, String fileName, long fileOffset,
            StringBuilder out) {
        switch (flags & (SidebandPrint.FILENAME | SidebandPrint.FILE_OFFSET)) {
            case SidebandPrint.FILENAME | SidebandPrint.FILE_OFFSET -> {
                out.append(fileName).append(':');
                hex16(out, fileOffset).append("  ");
            }
            case SidebandPrint.FILENAME -> out.append(fileName).append("  ");
            case SidebandPrint.FILE_OFFSET -> hex16(out, fileOffset).append("  ");
            default -> {
            }
        }
        if ((flags & SidebandPrint.TSC) != 0 && event.hasSampleTime()) {
            hex16(out, event.tsc()).append("  ");
        }
        if ((flags & SidebandPrint.COMPACT) != 0) {
            compact(event, out);
            compactSamples(event, out);
        }
        if ((flags & SidebandPrint.VERBOSE) != 0) {
            verbose(event, out);
            verboseSamples(event, out);
        }
        if (flags != 0) {
            out.append('\n');
        }
    }

    /** The record's name as printed, e.g. {@code PERF_RECORD_COMM.EXEC}. */
    public static String name(PerfEvent event) {
        int misc = event.misc();
        boolean out = (misc & PerfRecordType.MISC_SWITCH_OUT) != 0;
        return switch (event.type()) {
            case PerfRecordType.MMAP -> "PERF_RECORD_MMAP";
            case PerfRecordType.LOST -> "PERF_RECORD_LOST";
            case PerfRecordType.COMM -> (misc & PerfRecordType.MISC_COMM_EXEC) != 0
                    ? "PERF_RECORD_COMM.EXEC" : "PERF_RECORD_COMM";
            case PerfRecordType.EXIT -> "PERF_RECORD_EXIT";
            case PerfRecordType.THROTTLE -> "PERF_RECORD_THROTTLE";
            case PerfRecordType.UNTHROTTLE -> "PERF_RECORD_UNTHROTTLE";
            case PerfRecordType.FORK -> "PERF_RECORD_FORK";
            case PerfRecordType.MMAP2 -> "PERF_RECORD_MMAP2";
            case PerfRecordType.AUX -> (event.auxFlags() & PerfRecordType.AUX_FLAG_TRUNCATED) != 0
                    ? "PERF_RECORD_AUX.TRUNCATED" : "PERF_RECORD_AUX";
            case PerfRecordType.ITRACE_START -> "PERF_RECORD_ITRACE_START";
            case PerfRecordType.LOST_SAMPLES -> "PERF_RECORD_LOST_SAMPLES";
            case PerfRecordType.SWITCH -> out ? "PERF_RECORD_SWITCH.OUT" : "PERF_RECORD_SWITCH.IN";
            case PerfRecordType.SWITCH_CPU_WIDE -> out
                    ? "PERF_RECORD_SWITCH_CPU_WIDE.OUT" : "PERF_RECORD_SWITCH_CPU_WIDE.IN";
            default -> "UNKNOWN";
        };
    }

    private static void compact(PerfEvent e, StringBuilder out) {
        String name = name(e);
        switch (e.type()) {
            case PerfRecordType.MMAP -> {
                out.append(name).append("  ");
                pidTid(out, e.pid(), e.tid()).append(", ");
                hex(out, e.addr()).append(", ");
                hex(out, e.len()).append(", ");
                hex(out, e.pgoff()).append(", ").append(e.string());
            }
            case PerfRecordType.LOST -> {
                out.append(name).append("  ");
                hex(out, e.id()).append(", ");
                hex(out, e.lost());
            }
            case PerfRecordType.COMM -> {
                out.append(name).append("  ");
                pidTid(out, e.pid(), e.tid()).append(", ").append(e.string());
            }
            case PerfRecordType.EXIT, PerfRecordType.FORK -> {
                out.append(name).append("  ");
                pidTid(out, e.pid(), e.tid()).append(", ");
                pidTid(out, e.ppid(), e.ptid()).append(", ");
                hex(out, e.recordTime());
            }
            case PerfRecordType.THROTTLE, PerfRecordType.UNTHROTTLE -> {
                out.append(name).append("  ");
                hex(out, e.recordTime()).append(", ");
                hex(out, e.id()).append(", ");
                hex(out, e.streamId());
            }
            case PerfRecordType.MMAP2 -> {
                out.append(name).append("  ");
                pidTid(out, e.pid(), e.tid()).append(", ");
                hex(out, e.addr()).append(", ");
                hex(out, e.len()).append(", ");
                hex(out, e.pgoff()).append(", ");
                hex(out, e.maj()).append(", ");
                hex(out, e.min()).append(", ");
                hex(out, e.ino()).append(", ");
                hex(out, e.inoGeneration()).append(", ");
                hex(out, e.prot()).append(", ");
                hex(out, e.flags()).append(", ").append(e.string());
            }
            case PerfRecordType.AUX -> {
                out.append(name).append("  ");
                hex(out, e.auxOffset()).append(", ");
                hex(out, e.auxSize()).append(", ");
                hex(out, e.auxFlags());
            }
            case PerfRecordType.ITRACE_START -> {
                out.append(name).append("  ");
                pidTid(out, e.pid(), e.tid());
            }
            case PerfRecordType.LOST_SAMPLES -> {
                out.append(name).append("  ");
                hex(out, e.lost());
            }
            case PerfRecordType.SWITCH -> out.append(name);
            case PerfRecordType.SWITCH_CPU_WIDE -> {
                out.append(name).append("  ");
                pidTid(out, e.nextPrevPid(), e.nextPrevTid());
            }
            default -> {
                out.append("UNKNOWN (");
                hex(out, e.type()).append(", ");
                hex(out, e.misc()).append(')');
            }
        }
    }

    private static void verbose(PerfEvent e, StringBuilder out) {
        out.append(name(e));
        switch (e.type()) {
            case PerfRecordType.MMAP -> {
                field(out, "pid", e.pid());
                field(out, "tid", e.tid());
                field(out, "addr", e.addr());
                field(out, "len", e.len());
                field(out, "pgoff", e.pgoff());
                out.append("\n  filename: ").append(e.string());
            }
            case PerfRecordType.LOST -> {
                field(out, "id", e.id());
                field(out, "lost", e.lost());
            }
            case PerfRecordType.COMM -> {
                field(out, "pid", e.pid());
                field(out, "tid", e.tid());
                out.append("\n  comm: ").append(e.string());
            }
            case PerfRecordType.EXIT, PerfRecordType.FORK -> {
                field(out, "pid", e.pid());
                field(out, "ppid", e.ppid());
                field(out, "tid", e.tid());
                field(out, "ptid", e.ptid());
                field(out, "time", e.recordTime());
            }
            case PerfRecordType.THROTTLE, PerfRecordType.UNTHROTTLE -> {
                field(out, "time", e.recordTime());
                field(out, "id", e.id());
                field(out, "stream_id", e.streamId());
            }
            case PerfRecordType.MMAP2 -> {
                field(out, "pid", e.pid());
                field(out, "tid", e.tid());
                field(out, "addr", e.addr());
                field(out, "len", e.len());
                field(out, "pgoff", e.pgoff());
                field(out, "maj", e.maj());
                field(out, "min", e.min());
                field(out, "ino", e.ino());
                field(out, "ino_generation", e.inoGeneration());
                field(out, "prot", e.prot());
                field(out, "flags", e.flags());
                out.append("\n  filename: ").append(e.string());
            }
            case PerfRecordType.AUX -> {
                field(out, "aux offset", e.auxOffset());
                field(out, "aux size", e.auxSize());
                field(out, "flags", e.auxFlags());
            }
            case PerfRecordType.ITRACE_START -> {
                field(out, "pid", e.pid());
                field(out, "tid", e.tid());
            }
            case PerfRecordType.LOST_SAMPLES -> field(out, "lost", e.lost());
            case PerfRecordType.SWITCH -> {
            }
            case PerfRecordType.SWITCH_CPU_WIDE -> {
                String pfx = (e.misc() & PerfRecordType.MISC_SWITCH_OUT) != 0 ? "next" : "prev";
                field(out, pfx + " pid", e.nextPrevPid());
                field(out, pfx + " tid", e.nextPrevTid());
            }
            default -> {
                field(out, "type", e.type());
                field(out, "misc", e.misc());
            }
        }
    }

    private static void compactSamples(PerfEvent e, StringBuilder out) {
        out.append("  {");
        if (e.hasSamplePid()) {
            out.append(' ');
            pidTid(out, e.samplePid(), e.sampleTid());
        }
        if (e.hasSampleTime()) {
            hex(out.append(' '), e.sampleTime());
        }
        if (e.hasSampleId()) {
            hex(out.append(' '), e.sampleId());
        }
        if (e.hasSampleCpu()) {
            hex(out.append(" cpu-"), e.sampleCpu());
        }
        if (e.hasSampleStreamId()) {
            hex(out.append(' '), e.sampleStreamId());
        }
        if (e.hasSampleIdentifier()) {
            hex(out.append(' '), e.sampleIdentifier());
        }
        out.append(" }");
    }

    private static void verboseSamples(PerfEvent e, StringBuilder out) {
        if (e.hasSamplePid()) {
            field(out, "pid", e.samplePid());
            field(out, "tid", e.sampleTid());
        }
        if (e.hasSampleTime()) {
            field(out, "time", e.sampleTime());
        }
        if (e.hasSampleId()) {
            field(out, "id", e.sampleId());
        }
        if (e.hasSampleCpu()) {
            field(out, "cpu", e.sampleCpu());
        }
        if (e.hasSampleStreamId()) {
            field(out, "stream id", e.sampleStreamId());
        }
        if (e.hasSampleIdentifier()) {
            field(out, "identifier", e.sampleIdentifier());
        }
    }

    private static void field(StringBuilder out, String name, long value) {
        hex(out.append("\n  ").append(name).append(": "), value);
    }

    private static void field(StringBuilder out, String name, int value) {
        hex(out.append("\n  ").append(name).append(": "), value);
    }

    private static StringBuilder pidTid(StringBuilder out, int pid, int tid) {
        hex(out, pid).append('/');
        return hex(out, tid);
    }

    private static StringBuilder hex(StringBuilder out, long value) {
        return out.append(Long.toHexString(value));
    }

    private static StringBuilder hex(StringBuilder out, int value) {
        return out.append(Integer.toHexString(value));
    }

    /** Appends {@code value} as 16 lower-case hex digits, zero-padded ({@code %016llx}). */
    static StringBuilder hex16(StringBuilder out, long value) {
        String digits = Long.toHexString(value);
        for (int i = digits.length(); i < 16; ++i) {
            out.append('0');
        }
        return out.append(digits);
    }
}
