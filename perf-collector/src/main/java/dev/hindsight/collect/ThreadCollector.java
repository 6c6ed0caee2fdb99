package dev.hindsight.collect;

import dev.hindsight.collect.bundle.BundleManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Collects one thread's hardware trace (Intel PT or BTS) while the {@link HardwareRecorder}
 * follows the process: polled often, finished when the thread ends or recording stops.
 */
public interface ThreadCollector extends AutoCloseable {
    /**
     * One thread's collected stream.
     *
     * @param tid the thread id
     * @param kind {@link BundleManifest#KIND_PT} or {@link BundleManifest#KIND_BTS}
     * @param stream the file holding the raw stream
     * @param gaps where data was lost
     * @param sideband the thread's perf sideband records, or an empty array
     * @param summary the perf attr summary for the manifest
     * @param warning a warning for the user, or null
     */
    record Result(int tid, String kind, Path stream, List<BundleManifest.Gap> gaps,
            byte[] sideband, java.util.Map<String, String> summary, String warning) {
    }

    /** The thread id. */
    int tid();

    /** Starts tracing now (for events not opened to start at exec). */
    void enable();

    /** Moves what the kernel wrote so far out of the rings (full mode). */
    void poll() throws IOException;

    /** Stops the event, reads what is left and returns the stream. */
    Result finish() throws IOException;

    /** Releases the event and its mappings. */
    @Override
    void close();
}
