package dev.hindsight.collect.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a trace bundle. Entries are streamed into a hidden temporary file in the target's
 * directory; {@link #commit} adds {@code manifest.json} and renames the file into place, so a
 * bundle is either complete or absent. {@link #close} without a commit deletes the temporary file.
 *
 * <p>File-backed images are stored as whole-file copies, once per file however many mappings use
 * it (so symbols and debug information travel with the code), identified by path, build-id and
 * SHA-256; anonymous and JIT code is stored as the memory copied from the process.
 *
 * <p>Not thread-safe.
 */
public final class BundleWriter implements AutoCloseable {
    /** The largest file image copied (a section maps at most 2 GiB). */
    public static final long MAX_IMAGE_FILE = Integer.MAX_VALUE;

    private final Path target;
    private final Path temp;
    private final ZipOutputStream zip;
    private final Set<String> names = new HashSet<>();
    private final List<BundleManifest.ThreadEntry> threads = new ArrayList<>();
    private final List<BundleManifest.ImageEntry> images = new ArrayList<>();
    private final Map<String, StoredFile> files = new HashMap<>();
    private final Map<String, String> tools = new LinkedHashMap<>();
    private final byte[] copyBuffer = new byte[1 << 16];
    private String method = "sw";
    private BundleManifest.Cpu cpu = new BundleManifest.Cpu("unknown", 0, 0, 0);
    private Map<String, String> perf = Map.of();
    private BundleManifest.Timing timing;
    private List<String> command;
    private int pid;
    private BundleManifest.Sideband sideband;
    private boolean done;

    private record StoredFile(String entry, String buildId, String sha256) {
    }

    private BundleWriter(Path target, Path temp) throws IOException {
        this.target = target;
        this.temp = temp;
        this.zip = new ZipOutputStream(Files.newOutputStream(temp));
        zip.setLevel(Deflater.BEST_SPEED);
        tools.put("hindsight", toolVersion());
        tools.put("java", System.getProperty("java.version", "unknown"));
    }

    /**
     * Starts a bundle that will appear at {@code target}, replacing a file there on commit.
     *
     * @throws IOException when the directory cannot be written or {@code target} is a directory
     */
    public static BundleWriter create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + abs.getFileName() + ".", ".tmp");
        try {
            return new BundleWriter(abs, temp);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static String toolVersion() {
        String v = BundleWriter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Sets the recording method ({@code pt}, {@code bts}, {@code sw}). */
    public BundleWriter method(String value) {
        this.method = value;
        return this;
    }

    /** Sets the CPU the trace was recorded on. */
    public BundleWriter cpu(BundleManifest.Cpu value) {
        this.cpu = value;
        return this;
    }

    /** Sets the perf attr summary. */
    public BundleWriter perf(Map<String, String> value) {
        this.perf = Map.copyOf(value);
        return this;
    }

    /** Sets the timing parameters. */
    public BundleWriter timing(BundleManifest.Timing value) {
        this.timing = value;
        return this;
    }

    /** Sets the recorded command (null when attached) and the process id. */
    public BundleWriter process(List<String> cmd, int processId) {
        this.command = cmd == null ? null : List.copyOf(cmd);
        this.pid = processId;
        return this;
    }

    /** Records the version of another tool involved (e.g. the kernel). */
    public BundleWriter tool(String name, String version) {
        tools.put(name, version);
        return this;
    }

    /**
     * Adds thread {@code tid}'s raw stream.
     *
     * @param tid the thread id
     * @param kind {@link BundleManifest#KIND_PT} or {@link BundleManifest#KIND_BTS}
     * @param in the stream's bytes, read to the end
     * @param gaps where data was lost
     * @param execs stream offsets where a new image generation begins
     * @param startPc where the thread began (-1: unknown)
     * @param endPc where it stood last (-1: unknown)
     */
    public void addThread(int tid, String kind, InputStream in, List<BundleManifest.Gap> gaps,
            List<Long> execs, long startPc, long endPc) throws IOException {
        if (!kind.equals(BundleManifest.KIND_PT) && !kind.equals(BundleManifest.KIND_BTS)) {
            throw new IllegalArgumentException("unknown stream kind " + kind);
        }
        String name = unique("threads/" + tid + (kind.equals(BundleManifest.KIND_PT) ? ".pt"
                : ".bts"));
        long size = putEntry(name, in, null);
        threads.add(new BundleManifest.ThreadEntry(tid, kind, name, size, gaps, execs,
                Hex.of(startPc), Hex.of(endPc)));
    }

    /** As {@link #addThread(int, String, InputStream, List, List, long, long)} over bytes. */
    public void addThread(int tid, String kind, byte[] bytes, List<BundleManifest.Gap> gaps)
            throws IOException {
        addThread(tid, kind, new java.io.ByteArrayInputStream(bytes), gaps, List.of(), -1, -1);
    }

    /**
     * Adds the perf sideband: PERF_RECORD_* records as the kernel wrote them, each with a
     * sample_id trailer as {@code sampleType} selects.
     */
    public void sideband(InputStream in, long sampleType) throws IOException {
        if (sideband != null) {
            throw new IllegalStateException("sideband already added");
        }
        String name = unique("sideband.pevent");
        long size = putEntry(name, in, null);
        sideband = new BundleManifest.Sideband(name, size, sampleType);
    }

    /**
     * Adds a file-backed executable mapping {@code [start, end)} of {@code file} at
     * {@code fileOffset}. The file is copied whole, once per bundle.
     *
     * @throws IOException when the file cannot be read or is larger than {@link #MAX_IMAGE_FILE}
     */
    public void addFileImage(long start, long end, Path file, long fileOffset, int generation)
            throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile() || a.size() > MAX_IMAGE_FILE) {
            throw new IOException(file + ": not a regular file of at most 2 GiB");
        }
        if (fileOffset < 0 || fileOffset >= a.size() && end > start) {
            throw new IOException(file + ": offset 0x" + Long.toHexString(fileOffset)
                    + " is past the end of the file");
        }
        String key = file.toAbsolutePath() + "\0" + a.size() + "\0" + a.lastModifiedTime();
        StoredFile s = files.get(key);
        if (s == null) {
            String name = unique("images/" + files.size() + "-"
                    + EntryNames.sanitize(String.valueOf(file.getFileName())));
            String[] digest = new String[1];
            try (InputStream in = Files.newInputStream(file)) {
                putEntry(name, in, digest);
            }
            s = new StoredFile(name, ElfBuildId.read(file), digest[0]);
            files.put(key, s);
        }
        images.add(new BundleManifest.ImageEntry(Hex.of(start), Hex.of(end), file.toString(),
                fileOffset, s.buildId(), s.sha256(), s.entry(), fileOffset, generation));
    }

    /**
     * Adds executable memory with no file behind it (anonymous, JIT, {@code [vdso]}), copied from
     * the process: {@code bytes} appear at {@code start}.
     */
    public void addMemoryImage(long start, String name, byte[] bytes, int generation)
            throws IOException {
        String entry = unique("memory/" + images.size() + ".bin");
        String[] digest = new String[1];
        putEntry(entry, new java.io.ByteArrayInputStream(bytes), digest);
        images.add(new BundleManifest.ImageEntry(Hex.of(start), Hex.of(start + bytes.length),
                name, 0, null, digest[0], entry, 0, generation));
    }

    private String unique(String name) {
        String n = name;
        for (int i = 1; !names.add(n); i++) {
            n = name + "." + i;
        }
        return n;
    }

    private long putEntry(String name, InputStream in, String[] sha256) throws IOException {
        if (done) {
            throw new IllegalStateException("bundle already committed or closed");
        }
        MessageDigest md = sha256 == null ? null : sha256();
        zip.putNextEntry(new ZipEntry(name));
        long total = 0;
        for (int n; (n = in.read(copyBuffer)) > 0;) {
            zip.write(copyBuffer, 0, n);
            if (md != null) {
                md.update(copyBuffer, 0, n);
            }
            total += n;
        }
        zip.closeEntry();
        if (md != null) {
            sha256[0] = HexFormat.of().formatHex(md.digest());
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /**
     * Writes the manifest and renames the bundle into place.
     *
     * @return the manifest written
     */
    public BundleManifest commit() throws IOException {
        BundleManifest m = new BundleManifest(BundleManifest.FORMAT, BundleManifest.VERSION,
                method, cpu, perf, timing, tools, command, pid, threads, sideband, images);
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(m);
        zip.putNextEntry(new ZipEntry(TraceBundle.MANIFEST));
        zip.write(json);
        zip.closeEntry();
        zip.close();
        done = true;
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return m;
    }

    /** Discards the bundle unless it was committed. */
    @Override
    public void close() throws IOException {
        if (Files.exists(temp)) {
            done = true;
            try {
                zip.close();
            } catch (IOException e) {
                // being discarded anyway
            }
            Files.deleteIfExists(temp);
        }
    }
}
