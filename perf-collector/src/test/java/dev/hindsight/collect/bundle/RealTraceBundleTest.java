package dev.hindsight.collect.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.flow.FlowConfig;
import dev.hindsight.pt.flow.Insn;
import dev.hindsight.pt.flow.InsnDecoder;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.StatusFlag;
import dev.hindsight.pt.sideband.PerfEvent;
import dev.hindsight.pt.sideband.PerfEventReader;
import dev.hindsight.pt.sideband.PerfRecordType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real hardware trace (DynamoRIO's test_simple, shared/realtraces) packed into a bundle and
 * decoded from the bundle alone: the ELF's code comes from the bundle's copy, not the file.
 */
class RealTraceBundleTest {
    @TempDir
    Path dir;

    private static Path shared() {
        Path d = Path.of(System.getProperty("hindsight.shared", "../shared"), "realtraces",
                "dynamorio-test_simple");
        assertTrue(Files.isDirectory(d), "missing shared data " + d);
        return d;
    }

    @Test
    void shouldDecodeAHardwareTraceFromTheBundleAlone() throws IOException {
        Path src = shared();
        // The bundle keeps a copy of the ELF, so the decode must not need the original.
        Path elf = dir.resolve("hello");
        Files.copy(src.resolve("hello"), elf);
        Path hsb = dir.resolve("simple.hsb");
        try (BundleWriter w = BundleWriter.create(hsb)) {
            w.method("pt").cpu(new BundleManifest.Cpu("GenuineIntel", 6, 85, 4))
                    .timing(new BundleManifest.Timing(3, 37, 2, 308, 31, 581029125L,
                            Long.parseUnsignedLong("18444502336406842448")))
                    .perf(Map.of("sample_type", "0x10086"));
            try (InputStream in = Files.newInputStream(src.resolve("pt.bin"))) {
                w.addThread(1, BundleManifest.KIND_PT, in, List.of(), List.of(), -1, -1);
            }
            try (InputStream in = Files.newInputStream(src.resolve("primary.sideband.pevent"))) {
                w.sideband(in, 0x10086);
            }
            // The text segment: file offset 0x1000 at 0x401000 (readelf -l hello).
            w.addFileImage(0x401000, 0x401027, elf, 0x1000, 0);
            w.commit();
        }
        Files.delete(elf);
        List<Long> ips = new ArrayList<>();
        try (TraceBundle b = TraceBundle.open(hsb)) {
            ThreadTrace t = b.thread(1);
            InsnDecoder d = new InsnDecoder(t.trace(), FlowConfig.DEFAULT);
            d.image(t.image());
            Insn insn = new Insn();
            PtEvent ev = new PtEvent();
            int st;
            outer:
            while ((st = d.syncForward()) >= 0) {
                while (true) {
                    while (st >= 0 && (st & StatusFlag.EVENT_PENDING) != 0) {
                        st = d.event(ev);
                    }
                    if (st < 0) {
                        break;
                    }
                    st = d.next(insn);
                    if (st < 0) {
                        break;
                    }
                    ips.add(insn.ip());
                }
                if (st == -PtError.EOS.code()) {
                    break outer;
                }
            }
            // The sideband reads with the bundle's config, from the first record to the last.
            var sb = b.sideband();
            PerfEvent pe = new PerfEvent();
            int at = 0;
            int records = 0;
            boolean mmap = false;
            while (at < sb.size()) {
                int n = PerfEventReader.read(sb.buffer(), at, sb.size(), b.sidebandConfig(), pe);
                assertTrue(n > 0, "sideband record at " + at + ": " + n);
                mmap |= pe.type() == PerfRecordType.MMAP2 || pe.type() == PerfRecordType.MMAP;
                at += n;
                records++;
            }
            assertTrue(records > 0 && mmap);
            // The ELF is static at its link address: base = lowest PT_LOAD, 0x400000.
            BundleManifest.ImageEntry img = b.manifest().images().get(0);
            assertEquals(0x400000L, b.elfBase(img));
        }
        assertEquals(List.of(0x401000L, 0x401005L, 0x40100aL, 0x401014L, 0x401019L, 0x40101bL,
                0x401020L, 0x401025L), ips);
    }
}
