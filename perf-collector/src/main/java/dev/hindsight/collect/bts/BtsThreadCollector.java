package dev.hindsight.collect.bts;

import dev.hindsight.collect.ThreadCollector;
import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.PerfEvent;
import dev.hindsight.collect.sys.PerfEventAttr;
import dev.hindsight.collect.sys.SysCallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects one thread's BTS trace as gdb does: the branch-instructions event with period 1, its
 * ring mapped read-only (overwrite mode) with the requested power-of-two size halved while the
 * kernel refuses, and read once at {@link #finish} (the newest buffer-full of branches).
 *
 * <p>Needs a CPU with BTS and a hardware PMU; only the parts it is built from (BtsAttr,
 * BtsRingReader, KernelStart) are unit-tested.
 */
public final class BtsThreadCollector implements ThreadCollector {
    private static final int PAGE = 4096;

    private final int tid;
    private final PerfEvent event;
    private final PerfEvent.Mapping ring;
    private final int pages;
    private final long kernelStart;
    private final Path dir;
    private final java.util.Map<String, String> summary;

    private BtsThreadCollector(int tid, PerfEvent event, PerfEvent.Mapping ring, int pages,
            long kernelStart, Path dir, java.util.Map<String, String> summary) {
        this.tid = tid;
        this.event = event;
        this.ring = ring;
        this.pages = pages;
        this.kernelStart = kernelStart;
        this.dir = dir;
        this.summary = summary;
    }

    /**
     * Opens the event for thread {@code tid} with a buffer of about {@code bufferSize} bytes.
     *
     * @param enableOnExec start at the thread's next exec rather than now
     * @throws SysCallException when the kernel refuses the event or every mapping size
     */
    public static BtsThreadCollector open(int tid, long bufferSize, boolean enableOnExec,
            long kernelStart, Path dir) {
        PerfEventAttr attr = BtsAttr.build(enableOnExec);
        if (enableOnExec) {
            attr.flags(attr.flags() | PerfEventAttr.FLAG_ENABLE_ON_EXEC);
        }
        PerfEvent ev = PerfEvent.open(attr, tid, -1);
        long pages = Math.max(1, (bufferSize + PAGE - 1) / PAGE);
        pages = Long.highestOneBit(pages) == pages ? pages : Long.highestOneBit(pages) * 2;
        SysCallException last = null;
        for (; pages >= 1; pages /= 2) {
            if (pages * PAGE > 0xffffffffL) {
                continue;
            }
            try {
                PerfEvent.Mapping m = ev.map(0, (pages + 1) * PAGE, false);
                return new BtsThreadCollector(tid, ev, m, (int) pages, kernelStart, dir,
                        BtsAttr.summary(attr, pages * PAGE));
            } catch (SysCallException e) {
                last = e;
            }
        }
        ev.close();
        throw new SysCallException(last == null ? 12 : last.errno(),
                "Failed to map trace buffer");
    }

    @Override
    public int tid() {
        return tid;
    }

    @Override
    public void enable() {
        event.enable();
    }

    @Override
    public void poll() {
        // Overwrite mode: nothing to hand back to the kernel; read once at the end.
    }

    @Override
    public Result finish() throws IOException {
        event.disable();
        BtsRingReader.Result r = new BtsRingReader(ring.memory(), pages, kernelStart).read();
        Path file = Files.createTempFile(dir, "bts-" + tid + "-", ".bts");
        Files.write(file, r.records());
        return new Result(tid, BundleManifest.KIND_BTS, file, r.gaps(), new byte[0], summary,
                r.warning());
    }

    @Override
    public void close() {
        ring.close();
        event.close();
    }
}
