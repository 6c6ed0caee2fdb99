package dev.hindsight.collect.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of a trace bundle, written and read with Jackson. Addresses are hex
 * strings ({@code 0x...}) so that no JSON reader loses bits of a 64-bit address; every entry name
 * is relative to the bundle and is checked by the reader before use.
 *
 * @param format always {@link #FORMAT}
 * @param version the format version, {@link #VERSION}
 * @param method the recording method: {@code pt}, {@code bts} or {@code sw}
 * @param cpu the CPU the trace was recorded on (errata and timing depend on it)
 * @param perf a summary of the perf_event configuration (attr fields by name; empty for sw)
 * @param timing the timing parameters a PT decoder needs, or null
 * @param tools the versions of the tools that wrote the bundle (name to version)
 * @param command the recorded program and its arguments, or null when attached
 * @param pid the process id
 * @param threads the recorded threads
 * @param sideband the perf sideband stream, or null
 * @param images the executable images
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(String format, int version, String method, Cpu cpu,
        Map<String, String> perf, Timing timing, Map<String, String> tools, List<String> command,
        int pid, List<ThreadEntry> threads, Sideband sideband, List<ImageEntry> images) {

    /** The format name. */
    public static final String FORMAT = "hindsight-bundle";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Stream kind: raw Intel PT packets. */
    public static final String KIND_PT = "pt";
    /**
     * Stream kind: BTS records as the DS save area holds them: 24 bytes, from (u64), to (u64),
     * flags (u64), little-endian, oldest first.
     */
    public static final String KIND_BTS = "bts-ds-24";

    /** Copies the lists and maps. */
    public BundleManifest {
        perf = perf == null ? Map.of() : Map.copyOf(perf);
        tools = tools == null ? Map.of() : Map.copyOf(tools);
        command = command == null ? null : List.copyOf(command);
        threads = threads == null ? List.of() : List.copyOf(threads);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /**
     * The CPU, as CPUID reports it.
     *
     * @param vendor e.g. {@code GenuineIntel}
     * @param family family
     * @param model model
     * @param stepping stepping
     */
    public record Cpu(String vendor, int family, int model, int stepping) {
        /** The cpu as the decoders' {@code --cpu} option spells it, or {@code none} if not Intel. */
        public String decoderCpu() {
            return "GenuineIntel".equals(vendor) ? family + "/" + model + "/" + stepping : "none";
        }
    }

    /**
     * Timing parameters (libipt's {@code pt_config} fields; zero when unknown).
     *
     * @param mtcFreq the MTC period field of IA32_RTIT_CTL.MTCFreq as configured (an MTC packet
     *     every 2^mtcFreq crystal clock cycles; libipt's {@code mtc_freq})
     * @param nomFreq the nominal (max non-turbo) core:bus ratio
     * @param cpuid15Eax CPUID leaf 0x15 EAX (TSC:crystal ratio denominator)
     * @param cpuid15Ebx CPUID leaf 0x15 EBX (TSC:crystal ratio numerator)
     * @param timeShift perf_event_mmap_page.time_shift (perf time to TSC conversion)
     * @param timeMult perf_event_mmap_page.time_mult
     * @param timeZero perf_event_mmap_page.time_zero
     */
    public record Timing(int mtcFreq, int nomFreq, long cpuid15Eax, long cpuid15Ebx,
            int timeShift, long timeMult, long timeZero) {
    }

    /**
     * One recorded thread.
     *
     * @param tid the thread id
     * @param kind {@link #KIND_PT} or {@link #KIND_BTS}
     * @param stream the entry holding the thread's raw stream
     * @param size the stream's length in bytes
     * @param gaps where data was lost, in stream order
     * @param execs for each exec the thread made: the stream offset where the next image
     *     generation begins (BTS: a record count)
     * @param startPc where the thread stood when recording began (hex), or null
     * @param endPc where it stood last (the current pc, hex), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadEntry(int tid, String kind, String stream, long size, List<Gap> gaps,
            List<Long> execs, String startPc, String endPc) {
        /** Copies the lists. */
        public ThreadEntry {
            gaps = gaps == null ? List.of() : List.copyOf(gaps);
            execs = execs == null ? List.of() : List.copyOf(execs);
        }
    }

    /**
     * A place where trace data was lost.
     *
     * @param offset the stream offset of the first byte after the loss
     * @param reason {@code truncated}, {@code collision}, {@code lost}, {@code partial} or
     *     {@code overwrite} (the PERF_RECORD_AUX flag or record that told of it)
     * @param count how many records (LOST) or bytes (AUX) were lost, 0 if unknown
     */
    public record Gap(long offset, String reason, long count) {
    }

    /**
     * The perf sideband: PERF_RECORD_* records (MMAP2, COMM, ITRACE_START, EXIT, AUX, LOST...)
     * exactly as the kernel wrote them, readable by libipt's pevent reader and by
     * {@code dev.hindsight.pt.sideband}.
     *
     * @param stream the entry name
     * @param size its length in bytes
     * @param sampleType the attr's sample_type (what each record's sample_id trailer holds)
     */
    public record Sideband(String stream, long size, long sampleType) {
    }

    /**
     * One executable mapping and where its bytes are in the bundle.
     *
     * @param start the first address (hex)
     * @param end the address after the last (hex)
     * @param path the mapped file, or a pseudo name such as {@code [vdso]}, or empty
     * @param fileOffset the file offset mapped at start (0 for memory copies)
     * @param buildId the file's GNU build-id (hex), or null
     * @param sha256 the SHA-256 of the stored entry (hex)
     * @param entry the bundle entry holding the bytes: the whole file for a file-backed
     *     mapping, or the copied memory
     * @param entryOffset where the mapping's first byte is in the entry
     * @param generation how many execs came before the image was mapped
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageEntry(String start, String end, String path, long fileOffset,
            String buildId, String sha256, String entry, long entryOffset, int generation) {
        /** The first address. */
        public long startAddress() {
            return Hex.parse(start);
        }

        /** The address after the last. */
        public long endAddress() {
            return Hex.parse(end);
        }
    }
}
