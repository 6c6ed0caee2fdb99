package dev.hindsight.pt.query;

import dev.hindsight.errata.CpuId;
import dev.hindsight.errata.Errata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The libipt conformance traces in the shared folder, with the query configuration ptxed used. */
final class ConformanceTraces {
    private ConformanceTraces() {
    }

    /** One test of the suite: its folder, trace and the ptxed configuration (first CPU). */
    record Trace(String name, Path dir, byte[] bytes, QueryConfig config, boolean hasPtxed) {
        Path ptxedExpected() {
            return dir.resolve(name + "-ptxed.exp");
        }
    }

    static Path root() {
        String shared = System.getProperty("hindsight.shared");
        if (shared == null) {
            throw new IllegalStateException("system property hindsight.shared is not set");
        }
        Path root = Path.of(shared, "conformance", "libipt-ptt");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("conformance data missing: " + root);
        }
        return root;
    }

    static List<Trace> all() {
        Path root = root();
        List<Trace> traces = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(root.resolve("index.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                String name = f[0];
                String cpus = f[2];
                String ptxedOpts = f[5];
                Path dir = root.resolve(name);
                byte[] bytes = Files.readAllBytes(dir.resolve(name + ".pt"));
                QueryConfig.Builder b = QueryConfig.builder();
                if (!cpus.equals("-") && !cpus.isEmpty()) {
                    String first = cpus.split(",")[0];
                    Errata.lookup(CpuId.parse(first)).ifPresent(b::errata);
                }
                applyOptions(b, ptxedOpts.equals("-") ? "" : ptxedOpts);
                traces.add(new Trace(name, dir, bytes, b.build(),
                        Files.exists(dir.resolve(name + "-ptxed.exp"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return traces;
    }

    private static void applyOptions(QueryConfig.Builder b, String opts) {
        String[] a = opts.trim().isEmpty() ? new String[0] : opts.trim().split("\\s+");
        int eax = 0;
        int ebx = 0;
        for (int i = 0; i < a.length; i++) {
            switch (a[i]) {
                case "--event:iflags":
                    b.enableIflagsEvents(true);
                    break;
                case "--event:tick":
                    b.enableTickEvents(true);
                    break;
                case "--insn:keep-tcal-on-ovf":
                case "--block:keep-tcal-on-ovf":
                case "--keep-tcal-on-ovf":
                    b.keepTcalOnOvf(true);
                    break;
                case "--mtc-freq":
                    b.mtcFreq(Integer.decode(a[++i]));
                    break;
                case "--nom-freq":
                    b.nomFreq(Integer.decode(a[++i]));
                    break;
                case "--cpuid-0x15.eax":
                    eax = Integer.decode(a[++i]);
                    break;
                case "--cpuid-0x15.ebx":
                    ebx = Integer.decode(a[++i]);
                    break;
                default:
                    break;
            }
        }
        b.cpuid15(eax, ebx);
    }

    /** All events of a trace as text lines, resyncing after errors, errors as "error: ...". */
    static List<String> dumpEvents(byte[] bytes, QueryConfig config) {
        List<String> out = new ArrayList<>();
        EventDecoder dec = new EventDecoder(bytes, config);
        PtEvent ev = new PtEvent();
        int rc = dec.syncForward();
        int guard = 0;
        while (guard++ < 100_000) {
            if (rc < 0) {
                if (rc == -dev.hindsight.pt.PtError.EOS.code()) {
                    break;
                }
                out.add("error @" + Long.toHexString(dec.offset()) + ": " + dev.hindsight.pt.PtError.of(rc).message());
                rc = dec.syncForward();
                continue;
            }
            rc = dec.next(ev);
            if (rc >= 0) {
                out.add(ev.toString());
            }
        }
        return out;
    }
}
