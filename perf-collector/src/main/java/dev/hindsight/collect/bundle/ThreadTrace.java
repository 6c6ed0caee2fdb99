package dev.hindsight.collect.bundle;

import dev.hindsight.pt.image.Image;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a history or decoder needs for one thread of a bundle: its raw trace, the memory image
 * to decode it against, the cpu for errata and the timing parameters.
 *
 * @param tid the thread id
 * @param kind {@link BundleManifest#KIND_PT} (raw Intel PT packets) or
 *     {@link BundleManifest#KIND_BTS} (24-byte DS-form BTS records, oldest first)
 * @param trace the stream, read-only, little-endian, position 0
 * @param image the executable images as sections of bundle bytes (no file outside the bundle
 *     is read)
 * @param cpu the recording cpu as {@code --cpu} spells it ({@code f/m/s}), or {@code none} when
 *     it was not an Intel CPU (no errata)
 * @param timing the timing parameters, or null
 * @param gaps where data was lost in the stream
 * @param currentPc where the thread stood when recording ended, or -1
 */
public record ThreadTrace(int tid, String kind, ByteBuffer trace, Image image, String cpu,
        BundleManifest.Timing timing, List<BundleManifest.Gap> gaps, long currentPc) {

    /** Whether the trace is Intel PT (else BTS records). */
    public boolean isPt() {
        return BundleManifest.KIND_PT.equals(kind);
    }
}
