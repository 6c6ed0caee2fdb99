package dev.hindsight.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hindsight.collect.sys.ProcMaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a recording directory: one BTS-form record file per thread, copies of executable memory
 * that has no file, and {@code manifest.json}. Everything goes to a hidden temporary directory
 * beside the target, which {@link #commit} renames into place, so a recording is either complete
 * or absent (a later zip bundle writer keeps the same contract). {@link #close} without a commit
 * deletes the temporary directory.
 */
public final class RecordingWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final List<ThreadRecords> threads = new ArrayList<>();
    private final List<RecordingManifest.ImageEntry> images = new ArrayList<>();
    private ThreadRecords[] table = new ThreadRecords[8];
    private int size;
    private ThreadRecords last;
    private boolean committed;
    private int generation;

    private RecordingWriter(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * Starts a recording that will appear at {@code target}. An existing earlier recording there
     * (a directory with a manifest) is replaced on commit; anything else there is refused.
     */
    public static RecordingWriter create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs) && !(Files.isDirectory(abs)
                && Files.exists(abs.resolve("manifest.json")))) {
            throw new IOException(target + ": exists and is not a recording");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        return new RecordingWriter(abs, temp);
    }

    /** The records of thread {@code tid}, created on first use. */
    public ThreadRecords thread(int tid) {
        ThreadRecords l = last;
        if (l != null && l.tid() == tid) {
            return l;
        }
        for (int i = 0; i < size; i++) {
            if (table[i].tid() == tid) {
                last = table[i];
                return last;
            }
        }
        ThreadRecords t;
        try {
            t = new ThreadRecords(tid, temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == table.length) {
            table = java.util.Arrays.copyOf(table, size * 2);
        }
        table[size++] = t;
        threads.add(t);
        last = t;
        return t;
    }

    /** Adds an executable mapping; {@code copy} holds its bytes when it has no file, else null. */
    public void addImage(ProcMaps.Mapping m, byte[] copy) throws IOException {
        String file = null;
        if (copy != null) {
            file = "image-" + images.size() + ".bin";
            Files.write(temp.resolve(file), copy);
        }
        images.add(new RecordingManifest.ImageEntry(hex(m.start()), hex(m.end()), m.offset(),
                m.path(), file, generation));
    }

    /**
     * Notes that thread {@code tid} executed a new program: images added from now on belong to
     * the next generation, and the thread's records so far to the previous one.
     */
    public void exec(int tid) {
        generation++;
        ThreadRecords t = thread(tid);
        t.execs.add(t.branches());
    }

    /** The images added so far. */
    public List<RecordingManifest.ImageEntry> images() {
        return List.copyOf(images);
    }

    /**
     * Writes the manifest (its thread and image lists come from this writer) and renames the
     * directory into place.
     */
    public RecordingManifest commit(String method, String reason, CpuInfo cpu,
            List<String> command, int pid, int exitCode) throws IOException {
        for (ThreadRecords t : threads) {
            t.close();
        }
        RecordingManifest m = writeManifest(temp, method, reason, cpu, command, pid, exitCode);
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        return m;
    }

    /**
     * Writes what was recorded so far as a complete recording directory {@code dir} (which must
     * not exist), leaving this recording open to go on: a live session's view of its history.
     */
    public RecordingManifest snapshot(Path dir, String method, String reason, CpuInfo cpu,
            List<String> command, int pid, int exitCode) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".tmp-");
        for (ThreadRecords t : threads) {
            t.flush();
        }
        try (Stream<Path> s = Files.list(temp)) {
            for (Path p : s.toList()) {
                Files.copy(p, tmp.resolve(p.getFileName()));
            }
        }
        RecordingManifest m = writeManifest(tmp, method, reason, cpu, command, pid, exitCode);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        return m;
    }

    /** Writes {@code dir/manifest.json} for the threads and images recorded so far. */
    private RecordingManifest writeManifest(Path dir, String method, String reason, CpuInfo cpu,
            List<String> command, int pid, int exitCode) throws IOException {
        List<RecordingManifest.ThreadEntry> entries = new ArrayList<>();
        long instructions = 0;
        long steps = 0;
        for (ThreadRecords t : threads) {
            instructions += t.instructions;
            steps += t.steps;
            entries.add(new RecordingManifest.ThreadEntry(t.tid(), t.fileName(), t.branches(),
                    t.steps, t.instructions, hex(t.startPc), hex(t.endPc), List.copyOf(t.execs)));
        }
        RecordingManifest m = new RecordingManifest(RecordingManifest.FORMAT,
                RecordingManifest.VERSION, method, reason, RecordingManifest.RECORD_FORMAT,
                new RecordingManifest.Cpu(cpu.vendor(), cpu.family(), cpu.model(), cpu.stepping()),
                command, pid, exitCode, steps, instructions, entries, List.copyOf(images));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("manifest.json").toFile(), m);
        return m;
    }

    /** Reads the manifest of the recording directory {@code dir}. */
    public static RecordingManifest readManifest(Path dir) throws IOException {
        return new ObjectMapper().readValue(dir.resolve("manifest.json").toFile(),
                RecordingManifest.class);
    }

    /** Discards the recording unless it was committed. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            for (ThreadRecords t : threads) {
                try {
                    t.close();
                } catch (IOException | UncheckedIOException e) {
                    // being discarded anyway
                }
            }
            deleteTree(temp);
            committed = true;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static String hex(long v) {
        return v == -1 ? null : "0x" + Long.toHexString(v);
    }
}
