package dev.hindsight.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recording directory opened for reading: its manifest, checked, and a reader per thread.
 */
public final class Recording {
    private final Path dir;
    private final RecordingManifest manifest;

    private Recording(Path dir, RecordingManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Opens the recording in {@code dir}.
     *
     * @throws IOException when it is not a recording, is of another format version, or a
     *     thread's record file is missing
     */
    public static Recording open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IOException(dir + ": not a recording (no manifest.json)");
        }
        RecordingManifest m;
        try {
            m = RecordingWriter.readManifest(dir);
        } catch (IOException e) {
            throw new IOException(dir + ": unreadable manifest.json: " + firstLine(e.getMessage()),
                    e);
        }
        if (!RecordingManifest.FORMAT.equals(m.format()) || m.version() != RecordingManifest
                .VERSION) {
            throw new IOException(dir + ": format " + m.format() + " version " + m.version()
                    + ", expected " + RecordingManifest.FORMAT + " version "
                    + RecordingManifest.VERSION);
        }
        for (RecordingManifest.ThreadEntry t : m.threads()) {
            Path f = dir.resolve(t.file());
            if (!f.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                throw new IOException(dir + ": missing record file " + t.file());
            }
        }
        return new Recording(dir, m);
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    /** The manifest. */
    public RecordingManifest manifest() {
        return manifest;
    }

    /** A reader of thread {@code tid}'s records; close it after use. */
    public BranchRecordReader records(int tid) throws IOException {
        for (RecordingManifest.ThreadEntry t : manifest.threads()) {
            if (t.tid() == tid) {
                return new BranchRecordReader(dir.resolve(t.file()));
            }
        }
        throw new IOException(dir + ": no thread " + tid + " in the recording");
    }
}
