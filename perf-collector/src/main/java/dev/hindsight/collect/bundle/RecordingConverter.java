package dev.hindsight.collect.bundle;

import dev.hindsight.collect.Recording;
import dev.hindsight.collect.RecordingManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a recording directory (the software recorder's form: {@code manifest.json},
 * {@code thread-TID.bts}, {@code image-N.bin}) into a trace bundle. Memory copies come from the
 * directory; file-backed images are copied from the files the manifest names, which must still
 * be the ones that were mapped (convert right after recording; the directory form does not
 * identify file contents).
 */
public final class RecordingConverter {
    private RecordingConverter() {
    }

    /**
     * What a conversion did.
     *
     * @param manifest the bundle's manifest
     * @param warnings one line per image that could not be copied
     */
    public record Result(BundleManifest manifest, List<String> warnings) {
    }

    /**
     * Converts the recording in {@code dir} into the bundle {@code target}.
     *
     * @throws IOException when the directory is not a recording or a file cannot be read or
     *     written
     */
    public static Result convert(Path dir, Path target) throws IOException {
        Recording rec = Recording.open(dir);
        RecordingManifest m = rec.manifest();
        List<String> warnings = new ArrayList<>();
        try (BundleWriter w = BundleWriter.create(target)) {
            w.method(m.method()).cpu(new BundleManifest.Cpu(m.cpu().vendor(), m.cpu().family(),
                    m.cpu().model(), m.cpu().stepping())).process(m.command(), m.pid())
                    .tool("recording", m.format() + " " + m.version());
            for (RecordingManifest.ThreadEntry t : m.threads()) {
                try (InputStream in = Files.newInputStream(inside(dir, t.file()))) {
                    w.addThread(t.tid(), BundleManifest.KIND_BTS, in, List.of(), t.execs(),
                            parse(t.startPc()), parse(t.endPc()));
                }
            }
            for (RecordingManifest.ImageEntry i : m.images()) {
                long start = parse(i.start());
                long end = parse(i.end());
                if (i.file() != null) {
                    w.addMemoryImage(start, i.path(), Files.readAllBytes(inside(dir, i.file())),
                            i.generation());
                } else if (i.path() != null && i.path().startsWith("/")
                        && Files.isRegularFile(Path.of(i.path()))) {
                    w.addFileImage(start, end, Path.of(i.path()), i.offset(), i.generation());
                } else {
                    warnings.add("image " + i.path() + " at " + i.start()
                            + " has no bytes to copy; left out");
                }
            }
            return new Result(w.commit(), warnings);
        }
    }

    private static Path inside(Path dir, String name) throws IOException {
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
            throw new IOException(dir + ": bad file name in manifest.json: " + name);
        }
        return p;
    }

    private static long parse(String hex) {
        return hex == null ? -1 : Hex.parse(hex);
    }
}
