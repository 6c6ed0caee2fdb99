package dev.hindsight.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine supports for each recording method, and why not: read from
 * {@code /proc/cpuinfo} (vendor, flags {@code intel_pt}, {@code ds}/{@code dtes64}/{@code bts}),
 * the perf PMUs in {@code /sys/bus/event_source/devices}, {@code perf_event_paranoid},
 * {@code RLIMIT_MEMLOCK} (from {@code /proc/self/limits}) and ptrace permission (Yama's
 * {@code ptrace_scope}, CAP_SYS_PTRACE in {@code /proc/self/status}). All files are read below a
 * root directory, so tests can describe any machine.
 */
public final class MachineSupport {
    private static final String PMUS = "sys/bus/event_source/devices";
    private static final int CAP_SYS_PTRACE = 19;

    /**
     * One method's verdict.
     *
     * @param method the method
     * @param supported whether it can record here
     * @param reason why (not), one line
     */
    public record Verdict(RecordMethod method, boolean supported, String reason) {
    }

    private final CpuInfo cpu;
    private final List<String> pmus;
    private final String paranoid;
    private final String memlock;
    private final String yama;
    private final boolean capPtrace;
    private final boolean root;

    private MachineSupport(Path root) throws IOException {
        this.cpu = CpuInfo.parse(readOr(root.resolve("proc/cpuinfo"), ""));
        Path pmuDir = root.resolve(PMUS);
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(pmuDir)) {
            try (var s = Files.list(pmuDir)) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
            }
        }
        this.pmus = List.copyOf(names);
        this.paranoid = readOr(root.resolve("proc/sys/kernel/perf_event_paranoid"), null);
        this.memlock = limit(readOr(root.resolve("proc/self/limits"), ""));
        this.yama = readOr(root.resolve("proc/sys/kernel/yama/ptrace_scope"), null);
        String status = readOr(root.resolve("proc/self/status"), "");
        long capEff = 0;
        int uid = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                capEff = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            } else if (line.startsWith("Uid:")) {
                uid = Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        this.capPtrace = (capEff & (1L << CAP_SYS_PTRACE)) != 0;
        this.root = uid == 0;
    }

    /** This machine, as the running process sees it. */
    public static MachineSupport probe() throws IOException {
        return probe(Path.of("/"));
    }

    /** The machine whose {@code proc} and {@code sys} trees are under {@code root}. */
    public static MachineSupport probe(Path root) throws IOException {
        return new MachineSupport(root);
    }

    private static String readOr(Path p, String fallback) throws IOException {
        return Files.isReadable(p) ? Files.readString(p).trim() : fallback;
    }

    private static String limit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max locked memory")) {
                String[] f = line.substring("Max locked memory".length()).trim().split("\\s+");
                return size(f[0]) + " soft, " + size(f[1]) + " hard";
            }
        }
        return "unknown";
    }

    private static String size(String bytes) {
        if (!bytes.chars().allMatch(Character::isDigit)) {
            return bytes;
        }
        long b = Long.parseLong(bytes);
        return b % (1 << 20) == 0 ? (b >> 20) + " MiB" : b % 1024 == 0 ? (b >> 10) + " KiB"
                : b + " bytes";
    }

    /** The CPU. */
    public CpuInfo cpu() {
        return cpu;
    }

    /** The perf PMUs the kernel offers, by name. */
    public List<String> pmus() {
        return pmus;
    }

    /** The verdict for {@code method}. */
    public Verdict verdict(RecordMethod method) {
        return switch (method) {
            case PT -> pt();
            case BTS -> bts();
            case SW -> sw();
        };
    }

    private Verdict pt() {
        if (!pmus.contains("intel_pt")) {
            String why = cpu.has("intel_pt") ? "the CPU has intel_pt, but the kernel offers no"
                    + " intel_pt PMU in /" + PMUS
                    : "the CPU (" + cpu.vendor() + ") does not report intel_pt, and the kernel offers"
                    + " no intel_pt PMU in /" + PMUS;
            return new Verdict(RecordMethod.PT, false, why);
        }
        return perfAllowed(RecordMethod.PT, "intel_pt PMU present");
    }

    private Verdict bts() {
        if (!cpu.vendor().equals("GenuineIntel")) {
            return new Verdict(RecordMethod.BTS, false, "BTS is an Intel feature; the CPU is "
                    + cpu.vendor());
        }
        if (!cpu.has("ds") || !cpu.has("dtes64")) {
            return new Verdict(RecordMethod.BTS, false, "the CPU does not report the debug store"
                    + " (flags ds/dtes64 absent: " + (cpu.has("bts") ? "bts present" : "bts absent")
                    + ")");
        }
        if (!pmus.contains("cpu")) {
            return new Verdict(RecordMethod.BTS, false, "the kernel offers no hardware PMU (no cpu"
                    + " in /" + PMUS + "; a VM without a virtual PMU)");
        }
        return perfAllowed(RecordMethod.BTS, "debug store and cpu PMU present");
    }

    private Verdict perfAllowed(RecordMethod m, String what) {
        int level = paranoid == null ? 2 : Integer.parseInt(paranoid);
        if (!root && level > 1 && !capPtrace) {
            return new Verdict(m, false, what + ", but perf_event_paranoid is " + level
                    + " (needs <= 1 for user-space tracing without privileges)");
        }
        return new Verdict(m, true, what + "; perf_event_paranoid " + level);
    }

    private Verdict sw() {
        String scope = yama == null ? "no Yama" : "Yama ptrace_scope " + yama;
        if ("3".equals(yama)) {
            return new Verdict(RecordMethod.SW, false, "ptrace is disabled (" + scope + ")");
        }
        if ("2".equals(yama) && !capPtrace) {
            return new Verdict(RecordMethod.SW, false, "ptrace needs CAP_SYS_PTRACE (" + scope
                    + ")");
        }
        return new Verdict(RecordMethod.SW, true, "single-stepping with ptrace (" + scope
                + (capPtrace ? ", CAP_SYS_PTRACE" : "") + ")");
    }

    /** The method {@code auto} chooses: pt, then bts, then sw; null when none works. */
    public Verdict auto() {
        for (RecordMethod m : RecordMethod.values()) {
            Verdict v = verdict(m);
            if (v.supported()) {
                return v;
            }
        }
        return null;
    }

    /** The report {@code hindsight doctor} prints, one line per fact. */
    public List<String> report() {
        List<String> out = new ArrayList<>();
        out.add("cpu: " + cpu.id() + (cpu.modelName().isEmpty() ? "" : " (" + cpu.modelName()
                + ")"));
        out.add("cpu flags: intel_pt " + yesNo(cpu.has("intel_pt")) + ", ds " + yesNo(cpu.has("ds"))
                + ", dtes64 " + yesNo(cpu.has("dtes64")) + ", bts " + yesNo(cpu.has("bts")));
        out.add("perf PMUs: " + (pmus.isEmpty() ? "none" : String.join(" ", pmus)));
        out.add("perf_event_paranoid: " + (paranoid == null ? "not present (no perf_event support)"
                : paranoid));
        out.add("RLIMIT_MEMLOCK: " + memlock);
        out.add("ptrace: " + (yama == null ? "no Yama ptrace_scope" : "Yama ptrace_scope " + yama)
                + ", CAP_SYS_PTRACE " + yesNo(capPtrace) + (root ? ", root" : ""));
        for (RecordMethod m : RecordMethod.values()) {
            Verdict v = verdict(m);
            out.add(m.cliName() + ": " + (v.supported() ? "yes" : "no") + " - " + v.reason());
        }
        Verdict a = auto();
        out.add("auto: " + (a == null ? "none" : a.method().cliName()));
        return out;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
