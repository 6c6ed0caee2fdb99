package dev.hindsight.collect.pt;

import dev.hindsight.collect.ThreadCollector;
import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.MmapPage;
import dev.hindsight.collect.sys.PerfEvent;
import dev.hindsight.collect.sys.PerfEventAttr;
import dev.hindsight.collect.sys.PerfRing;
import dev.hindsight.collect.sys.SysCallException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects one thread's Intel PT trace: one per-thread intel_pt event, its data ring (sideband)
 * and its AUX area. The AUX size is the requested power of two, halved while the kernel refuses
 * the mapping (as gdb does); full mode drains on every {@link #poll}, snapshot mode copies the
 * whole area once at {@link #finish}.
 *
 * <p>Needs Intel PT hardware; nothing here runs on machines without it, so only the parts it is
 * built from (PtAttr, AuxReader, SidebandCollector) are unit-tested.
 */
public final class PtThreadCollector implements ThreadCollector {
    private static final int PAGE = 4096;

    private final int tid;
    private final PerfEvent event;
    private final PerfEvent.Mapping base;
    private final PerfEvent.Mapping auxMap;
    private final AuxReader aux;
    private final SidebandCollector sideband;
    private final ByteArrayOutputStream sidebandBytes = new ByteArrayOutputStream();
    private final Path streamFile;
    private final OutputStream stream;
    private final PtOptions options;
    private final java.util.Map<String, String> summary;
    private final PtPmu pmu;
    private long written;

    private PtThreadCollector(int tid, PerfEvent event, PerfEvent.Mapping base,
            PerfEvent.Mapping auxMap, PtOptions options, Path streamFile,
            java.util.Map<String, String> summary, PtPmu pmu) throws IOException {
        this.pmu = pmu;
        this.tid = tid;
        this.event = event;
        this.base = base;
        this.auxMap = auxMap;
        this.options = options;
        this.summary = summary;
        this.aux = new AuxReader(base.memory(), auxMap.memory(), 0, auxMap.length());
        this.streamFile = streamFile;
        this.stream = new BufferedOutputStream(Files.newOutputStream(streamFile), 1 << 16);
        PerfRing ring = PerfRing.over(base.memory(), base.length());
        this.sideband = new SidebandCollector(ring, sidebandBytes, options.snapshot(),
                () -> written);
    }

    /**
     * Opens and maps the event for thread {@code tid}.
     *
     * @param enableOnExec start tracing at the thread's next exec (a launched program) rather
     *     than now
     * @param dir where the stream file goes
     * @throws SysCallException when the kernel refuses the event or the mappings
     */
    public static PtThreadCollector open(int tid, PtPmu pmu, PtOptions options,
            boolean enableOnExec, Path dir) throws IOException {
        PerfEventAttr attr = PtAttr.build(pmu, options);
        if (enableOnExec) {
            attr.flags(attr.flags() | PerfEventAttr.FLAG_ENABLE_ON_EXEC);
        }
        PerfEvent ev = PerfEvent.open(attr, tid, -1);
        PerfEvent.Mapping base = null;
        try {
            long baseLength = (long) (options.dataPages() + 1) * PAGE;
            base = ev.map(0, baseLength, true);
            PerfEvent.Mapping auxMap = null;
            SysCallException last = null;
            for (long size = options.bufferSize(); size >= PAGE && auxMap == null; size /= 2) {
                base.memory().putLong(MmapPage.AUX_OFFSET, baseLength);
                base.memory().putLong(MmapPage.AUX_SIZE, size);
                try {
                    auxMap = ev.map(baseLength, size, !options.snapshot());
                } catch (SysCallException e) {
                    last = e;
                }
            }
            if (auxMap == null) {
                throw new SysCallException(last.errno(), "Failed to map trace buffer: "
                        + last.call());
            }
            java.util.Map<String, String> summary = PtAttr.summary(attr, options);
            summary.put("aux_size", Long.toString(auxMap.length()));
            return new PtThreadCollector(tid, ev, base, auxMap, options,
                    Files.createTempFile(dir, "pt-" + tid + "-", ".pt"), summary, pmu);
        } catch (IOException | RuntimeException e) {
            if (base != null) {
                base.close();
            }
            ev.close();
            throw e;
        }
    }

    @Override
    public void enable() {
        event.enable();
    }

    @Override
    public int tid() {
        return tid;
    }

    @Override
    public void poll() throws IOException {
        if (!options.snapshot()) {
            written += aux.drain(stream);
        }
        sideband.drain();
    }

    @Override
    public Result finish() throws IOException {
        event.disable();
        if (options.snapshot()) {
            written += aux.snapshot(stream);
        } else {
            written += aux.drain(stream);
        }
        sideband.drain();
        stream.close();
        return new Result(tid, BundleManifest.KIND_PT, streamFile, sideband.gaps(),
                sidebandBytes.toByteArray(), summary, null);
    }

    /**
     * The timing parameters: the MTC period asked for, the PMU's nominal ratio and TSC:ART ratio,
     * and the perf time conversion of this event's metadata page.
     */
    public BundleManifest.Timing timing() {
        var m = base.memory();
        // time_shift (u16 at 50) and time_mult (u32 at 52) share the u64 at 48.
        long word = m.getLong(48);
        return new BundleManifest.Timing(Math.max(0, options.mtcPeriod()), pmu.maxNonTurboRatio(),
                pmu.cpuid15Eax(), pmu.cpuid15Ebx(), (int) ((word >>> 16) & 0xffff), word >>> 32,
                m.getLong(MmapPage.TIME_ZERO));
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            // the stream is finished or discarded
        }
        auxMap.close();
        base.close();
        event.close();
    }
}
