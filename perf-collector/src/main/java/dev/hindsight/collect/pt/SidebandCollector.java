package dev.hindsight.collect.pt;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.sys.PerfRing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Drains the data ring of an Intel PT event: every record (MMAP2, COMM, ITRACE_START, EXIT, AUX,
 * LOST, ...) is kept byte for byte as the perf sideband stream, which libipt's pevent reader
 * and {@code dev.hindsight.pt.sideband} read; the AUX records that carry a loss flag and the
 * LOST records also become {@link BundleManifest.Gap gaps} of the trace.
 *
 * <p>PERF_RECORD_AUX flags (linux/perf_event.h): TRUNCATED 0x01 (the AUX area was full and
 * tracing stopped), OVERWRITE 0x02 (snapshot mode wrapped: expected there, a loss in full mode),
 * PARTIAL 0x04 (the hardware lost some data), COLLISION 0x08 (another sample collided with the
 * AUX data).
 */
public final class SidebandCollector {
    /** PERF_AUX_FLAG_TRUNCATED. */
    public static final long AUX_TRUNCATED = 0x01;
    /** PERF_AUX_FLAG_OVERWRITE. */
    public static final long AUX_OVERWRITE = 0x02;
    /** PERF_AUX_FLAG_PARTIAL. */
    public static final long AUX_PARTIAL = 0x04;
    /** PERF_AUX_FLAG_COLLISION. */
    public static final long AUX_COLLISION = 0x08;

    private final PerfRing ring;
    private final OutputStream sideband;
    private final boolean snapshot;
    private final LongSupplier streamOffset;
    private final PerfRing.Record record = new PerfRing.Record();
    private final List<BundleManifest.Gap> gaps = new ArrayList<>();
    private long records;

    /**
     * A collector of {@code ring}'s records into {@code sideband}.
     *
     * @param snapshot whether the AUX area is in snapshot mode (OVERWRITE is then no loss)
     * @param streamOffset how many trace bytes were collected so far: where a LOST gap falls
     */
    public SidebandCollector(PerfRing ring, OutputStream sideband, boolean snapshot,
            LongSupplier streamOffset) {
        this.ring = ring;
        this.sideband = sideband;
        this.snapshot = snapshot;
        this.streamOffset = streamOffset;
    }

    /**
     * Drains every record written so far.
     *
     * @return how many records were drained
     */
    public int drain() throws IOException {
        int n = 0;
        while (ring.next(record) > 0) {
            n++;
            records++;
            sideband.write(record.data, 0, record.size);
            if (record.type == PerfRing.RECORD_AUX && record.size >= 32) {
                long offset = record.u64(8);
                long size = record.u64(16);
                long flags = record.u64(24);
                String reason = reason(flags);
                if (reason != null) {
                    // The loss lies after the data this record announces.
                    gaps.add(new BundleManifest.Gap(snapshot ? streamOffset.getAsLong()
                            : offset + size, reason, 0));
                }
            } else if (record.type == PerfRing.RECORD_LOST && record.size >= 24) {
                gaps.add(new BundleManifest.Gap(streamOffset.getAsLong(), "lost",
                        record.u64(16)));
            }
        }
        return n;
    }

    private String reason(long flags) {
        if ((flags & AUX_TRUNCATED) != 0) {
            return "truncated";
        }
        if ((flags & AUX_COLLISION) != 0) {
            return "collision";
        }
        if ((flags & AUX_PARTIAL) != 0) {
            return "partial";
        }
        if (!snapshot && (flags & AUX_OVERWRITE) != 0) {
            return "overwrite";
        }
        return null;
    }

    /** The gaps found so far, in order. */
    public List<BundleManifest.Gap> gaps() {
        return List.copyOf(gaps);
    }

    /** How many records were kept. */
    public long records() {
        return records;
    }
}
