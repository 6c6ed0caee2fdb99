package dev.hindsight.collect.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.sideband.PerfEventConfig;
import dev.hindsight.pt.sideband.PerfEventFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A trace bundle opened for reading, like {@code jdk.jfr.consumer.RecordingFile}: open, read, close.
 *
 * <p>{@link #open} checks everything before handing anything out: the zip structure, every entry
 * name (relative, no {@code ..}, safe characters, no duplicates), the manifest's format and
 * version, and that each stream and image the manifest names exists with the size it declares.
 * Sizes are checked against a limit before any buffer is allocated; bytes are checked against
 * the zip CRC, images also against their SHA-256. No name from the file is used as a path,
 * except by {@link #extractImageFiles}, which writes only below a temporary directory of its own.
 *
 * <p>Every failure is a {@link BundleFormatException} whose one-line message names the file and
 * the problem. Not thread-safe.
 */
public final class TraceBundle implements Closeable {
    /** The manifest's entry name. */
    public static final String MANIFEST = "manifest.json";
    /** The default limit on one entry's size: what one ByteBuffer can hold. */
    public static final long DEFAULT_MAX_ENTRY = Integer.MAX_VALUE - 8L;
    private static final long MAX_MANIFEST = 16L << 20;
    private static final int MAX_ENTRIES = 1 << 16;
    private static final int BTS_RECORD = 24;
    private static final long MAX_DEFLATE_RATIO = 1100;

    private final Path file;
    private final ZipFile zip;
    private final BundleManifest manifest;
    private final long maxEntry;
    private final Map<String, ZipEntry> entries;
    private final Map<String, ByteBuffer> loaded = new HashMap<>();
    private Path extractDir;

    private TraceBundle(Path file, ZipFile zip, BundleManifest manifest, long maxEntry,
            Map<String, ZipEntry> entries) {
        this.file = file;
        this.zip = zip;
        this.manifest = manifest;
        this.maxEntry = maxEntry;
        this.entries = entries;
    }

    /**
     * Opens and validates the bundle {@code file}.
     *
     * @throws BundleFormatException when it is missing, not a bundle, or inconsistent
     */
    public static TraceBundle open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_ENTRY);
    }

    /**
     * As {@link #open(Path)}, refusing entries larger than {@code maxEntryBytes}.
     *
     * @throws BundleFormatException when it is missing, not a bundle, inconsistent, or has an
     *     entry above the limit
     */
    public static TraceBundle open(Path file, long maxEntryBytes) throws IOException {
        if (!Files.exists(file)) {
            throw new BundleFormatException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new BundleFormatException(file, "is a directory, not a trace bundle");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (NoSuchFileException e) {
            throw new BundleFormatException(file, "no such file", e);
        } catch (ZipException e) {
            throw new BundleFormatException(file, "not a trace bundle (not a complete zip file: "
                    + e.getMessage() + ")", e);
        }
        try {
            Map<String, ZipEntry> entries = entries(file, zip);
            TraceBundle b = new TraceBundle(file, zip, null, maxEntryBytes, entries);
            BundleManifest m = b.readManifest();
            TraceBundle checked = new TraceBundle(file, zip, m, maxEntryBytes, entries);
            checked.validate();
            return checked;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static Map<String, ZipEntry> entries(Path file, ZipFile zip) throws IOException {
        Map<String, ZipEntry> out = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> en;
        try {
            en = zip.entries();
        } catch (IllegalStateException e) {
            throw new BundleFormatException(file, "unreadable zip directory", e);
        }
        while (en.hasMoreElements()) {
            ZipEntry e;
            try {
                e = en.nextElement();
            } catch (IllegalArgumentException | IllegalStateException x) {
                throw new BundleFormatException(file, "unreadable zip directory: " + x.getMessage(),
                        x);
            }
            if (!EntryNames.isSafe(e.getName())) {
                throw new BundleFormatException(file, "unsafe entry name '" + printable(e.getName())
                        + "'");
            }
            if (out.put(e.getName(), e) != null) {
                throw new BundleFormatException(file, "duplicate entry '" + e.getName() + "'");
            }
            if (out.size() > MAX_ENTRIES) {
                throw new BundleFormatException(file, "more than " + MAX_ENTRIES + " entries");
            }
        }
        return out;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    private BundleManifest readManifest() throws IOException {
        ZipEntry e = entries.get(MANIFEST);
        if (e == null) {
            throw new BundleFormatException(file, "not a trace bundle (no " + MANIFEST + ")");
        }
        ByteBuffer bytes = read(MANIFEST, MAX_MANIFEST);
        BundleManifest m;
        try {
            m = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(bytes.array(), bytes.arrayOffset(), bytes.remaining(),
                            BundleManifest.class);
        } catch (JsonProcessingException x) {
            throw new BundleFormatException(file, "unreadable " + MANIFEST + ": "
                    + firstLine(x.getOriginalMessage()), x);
        }
        if (m == null || !BundleManifest.FORMAT.equals(m.format())) {
            throw new BundleFormatException(file, "not a trace bundle (manifest format "
                    + (m == null ? null : m.format()) + ")");
        }
        if (m.version() != BundleManifest.VERSION) {
            throw new BundleFormatException(file, "bundle format version " + m.version()
                    + " is not supported (this tool reads version " + BundleManifest.VERSION + ")");
        }
        return m;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private void validate() throws IOException {
        if (manifest.method() == null || manifest.cpu() == null) {
            throw problem("manifest lacks method or cpu");
        }
        Set<Integer> tids = new HashSet<>();
        for (BundleManifest.ThreadEntry t : manifest.threads()) {
            if (!tids.add(t.tid())) {
                throw problem("thread " + t.tid() + " appears twice");
            }
            if (!BundleManifest.KIND_PT.equals(t.kind())
                    && !BundleManifest.KIND_BTS.equals(t.kind())) {
                throw problem("thread " + t.tid() + " has unknown stream kind " + t.kind());
            }
            checkEntry(t.stream(), t.size(), "thread " + t.tid());
            if (BundleManifest.KIND_BTS.equals(t.kind()) && t.size() % BTS_RECORD != 0) {
                throw problem("thread " + t.tid() + ": " + t.size()
                        + " bytes is not a whole number of 24-byte BTS records");
            }
            try {
                if (t.endPc() != null) {
                    Hex.parse(t.endPc());
                }
                if (t.startPc() != null) {
                    Hex.parse(t.startPc());
                }
            } catch (IllegalArgumentException x) {
                throw problem("thread " + t.tid() + ": " + x.getMessage());
            }
        }
        if (manifest.sideband() != null) {
            checkEntry(manifest.sideband().stream(), manifest.sideband().size(), "sideband");
        }
        for (BundleManifest.ImageEntry i : manifest.images()) {
            long start;
            long end;
            try {
                start = i.startAddress();
                end = i.endAddress();
            } catch (IllegalArgumentException x) {
                throw problem("image " + i.path() + ": " + x.getMessage());
            }
            if (Long.compareUnsigned(end, start) <= 0) {
                throw problem("image " + i.path() + ": end " + i.end() + " is not above start "
                        + i.start());
            }
            checkEntry(i.entry(), -1, "image " + i.path());
            long size = entries.get(i.entry()).getSize();
            if (i.entryOffset() < 0 || i.entryOffset() >= size) {
                throw problem("image " + i.path() + ": offset " + i.entryOffset()
                        + " is outside its entry " + i.entry() + " (" + size + " bytes)");
            }
        }
    }

    private void checkEntry(String name, long declared, String what) throws IOException {
        if (!EntryNames.isSafe(name)) {
            throw problem(what + ": unsafe entry name '" + (name == null ? "null" : printable(name))
                    + "'");
        }
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw problem(what + ": missing entry " + name);
        }
        long size = e.getSize();
        if (size < 0) {
            throw problem("entry " + name + " has no size");
        }
        if (declared >= 0 && size != declared) {
            throw problem("entry " + name + " holds " + size + " bytes, the manifest says "
                    + declared);
        }
        if (size > maxEntry) {
            throw problem("entry " + name + " is " + size + " bytes, above the limit of "
                    + maxEntry);
        }
    }

    private BundleFormatException problem(String what) {
        return new BundleFormatException(file, what);
    }

    /** The bundle's path. */
    public Path path() {
        return file;
    }

    /** The validated manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The recorded thread ids, in manifest order. */
    public List<Integer> threadIds() {
        return manifest.threads().stream().map(BundleManifest.ThreadEntry::tid).toList();
    }

    /**
     * Thread {@code tid}'s raw stream: read-only, little-endian.
     *
     * @throws BundleFormatException when the thread is not in the bundle or its entry is corrupt
     */
    public ByteBuffer stream(int tid) throws IOException {
        return load(entry(tid).stream());
    }

    private BundleManifest.ThreadEntry entry(int tid) throws IOException {
        for (BundleManifest.ThreadEntry t : manifest.threads()) {
            if (t.tid() == tid) {
                return t;
            }
        }
        throw problem("no thread " + tid + " in the bundle");
    }

    /** The perf sideband as a pevent stream, or null when the bundle has none. */
    public PerfEventFile sideband() throws IOException {
        if (manifest.sideband() == null) {
            return null;
        }
        return new PerfEventFile(file + ":" + manifest.sideband().stream(),
                load(manifest.sideband().stream()));
    }

    /**
     * The configuration for reading {@link #sideband()}: its sample_type and the perf time to TSC
     * conversion from the timing parameters.
     */
    public PerfEventConfig sidebandConfig() {
        long type = manifest.sideband() == null ? 0 : manifest.sideband().sampleType();
        BundleManifest.Timing t = manifest.timing();
        PerfEventConfig c = PerfEventConfig.DEFAULT.withSampleType(type);
        if (t != null && t.timeMult() != 0) {
            c = c.withTimeZero(t.timeZero()).withTimeShift(t.timeShift()).withTimeMult(t.timeMult());
        }
        return c;
    }

    /** The bytes of {@code image}, from its first mapped byte to the end of its entry. */
    public ByteBuffer imageBytes(BundleManifest.ImageEntry image) throws IOException {
        ByteBuffer all = load(image.entry());
        return all.position((int) image.entryOffset()).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The images of exec generation {@code generation} as an {@link Image} of sections over the
     * bundle's bytes; each section is cut at the end of its entry.
     */
    public Image image(int generation) throws IOException {
        Image img = new Image(file.getFileName().toString());
        for (BundleManifest.ImageEntry i : manifest.images()) {
            if (i.generation() != generation) {
                continue;
            }
            ByteBuffer bytes = imageBytes(i);
            long length = Math.min(bytes.remaining(), i.endAddress() - i.startAddress());
            ByteBuffer cut = bytes.limit((int) length).slice();
            String name = i.path() == null || i.path().isEmpty() ? i.entry() : i.path();
            img.add(Section.ofBuffer(name, cut), i.startAddress());
        }
        return img;
    }

    /**
     * Everything needed to decode thread {@code tid}: its stream, the image of the last exec
     * generation it ran in, the cpu and the timing.
     */
    public ThreadTrace thread(int tid) throws IOException {
        BundleManifest.ThreadEntry t = entry(tid);
        int generation = generationOf(t);
        long pc = t.endPc() == null ? -1 : Hex.parse(t.endPc());
        return new ThreadTrace(tid, t.kind(), stream(tid), image(generation),
                manifest.cpu().decoderCpu(), manifest.timing(), t.gaps(), pc);
    }

    /**
     * For a file image that is an ELF: the base to give its extracted copy as ptxed's
     * {@code --elf FILE:BASE} (or an ELF symbol reader's load address) so that it lands where
     * it was mapped; -1 for memory copies and non-ELF files.
     */
    public long elfBase(BundleManifest.ImageEntry image) throws IOException {
        if (!image.entry().startsWith("images/")) {
            return -1;
        }
        return ElfBuildId.loadBase(load(image.entry()), image.startAddress(), image.fileOffset());
    }

    /**
     * Thread {@code tid} as files and ptxed-style arguments ({@link ExtractedThread}), written
     * below this bundle's temporary directory; valid until {@link #close}.
     */
    public ExtractedThread extractThread(int tid) throws IOException {
        BundleManifest.ThreadEntry t = entry(tid);
        ThreadTrace trace = thread(tid);
        Path dir = extractDir();
        Path stream = dir.resolve(t.stream()).normalize();
        if (!stream.startsWith(dir)) {
            throw problem("unsafe entry name '" + printable(t.stream()) + "'");
        }
        if (!Files.exists(stream)) {
            write(stream, load(t.stream()));
        }
        int generation = generationOf(t);
        Map<BundleManifest.ImageEntry, Path> files = extractImageFiles();
        List<String> elfs = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        Set<String> elfEntries = new HashSet<>();
        for (BundleManifest.ImageEntry i : manifest.images()) {
            if (i.generation() != generation) {
                continue;
            }
            Path f = files.get(i);
            long base = elfBase(i);
            if (base != -1) {
                if (elfEntries.add(i.entry())) {
                    elfs.add(f + ":0x" + Long.toHexString(base));
                }
                continue;
            }
            long size = Files.size(f);
            long end = Math.min(size, i.entryOffset() + (i.endAddress() - i.startAddress()));
            raws.add(f + ":0x" + Long.toHexString(i.entryOffset()) + "-0x" + Long.toHexString(end)
                    + ":0x" + Long.toHexString(i.startAddress()));
        }
        return new ExtractedThread(tid, t.kind(), stream, elfs, raws, trace.cpu(),
                trace.currentPc());
    }

    private Path extractDir() throws IOException {
        if (extractDir == null) {
            extractDir = Files.createTempDirectory("hindsight-bundle-");
        }
        return extractDir;
    }

    private static void write(Path p, ByteBuffer bytes) throws IOException {
        Files.createDirectories(p.getParent());
        ByteBuffer b = bytes.duplicate().position(0);
        try (var ch = java.nio.channels.FileChannel.open(p,
                java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    private int generationOf(BundleManifest.ThreadEntry t) {
        if (t.execs().isEmpty()) {
            return 0;
        }
        return manifest.images().stream().mapToInt(BundleManifest.ImageEntry::generation).max()
                .orElse(0);
    }

    /** {@link #thread} for every recorded thread, in manifest order. */
    public List<ThreadTrace> threads() throws IOException {
        List<ThreadTrace> out = new ArrayList<>();
        for (int tid : threadIds()) {
            out.add(thread(tid));
        }
        return out;
    }

    /**
     * Writes every distinct image entry to a temporary directory this bundle owns (deleted on
     * {@link #close}), for tools that need files, such as ELF symbol readers. File names are the
     * bundle's validated entry names below that directory.
     *
     * @return the extracted file of each image, by image
     */
    public Map<BundleManifest.ImageEntry, Path> extractImageFiles() throws IOException {
        Path dir = extractDir();
        Map<BundleManifest.ImageEntry, Path> out = new LinkedHashMap<>();
        for (BundleManifest.ImageEntry i : manifest.images()) {
            Path p = dir.resolve(i.entry()).normalize();
            if (!p.startsWith(dir)) {
                throw problem("unsafe entry name '" + printable(i.entry()) + "'");
            }
            if (!Files.exists(p)) {
                write(p, load(i.entry()));
            }
            out.put(i, p);
        }
        return out;
    }

    private ByteBuffer load(String name) throws IOException {
        ByteBuffer b = loaded.get(name);
        if (b == null) {
            b = read(name, maxEntry);
            verifyDigest(name, b);
            loaded.put(name, b);
        }
        return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void verifyDigest(String name, ByteBuffer b) throws IOException {
        for (BundleManifest.ImageEntry i : manifest.images()) {
            if (i.entry().equals(name) && i.sha256() != null) {
                MessageDigest md = BundleWriter.sha256();
                md.update(b.duplicate());
                if (!HexFormat.of().formatHex(md.digest()).equalsIgnoreCase(i.sha256())) {
                    throw problem("entry " + name + " is corrupt (SHA-256 does not match)");
                }
                return;
            }
        }
    }

    /** Reads a whole entry, checking its size before allocating and its CRC after reading. */
    private ByteBuffer read(String name, long limit) throws IOException {
        ZipEntry e = entries.get(name);
        long size = e.getSize();
        if (size < 0 || size > limit) {
            throw problem("entry " + name + " is " + size + " bytes, above the limit of " + limit);
        }
        // Deflate expands at most about 1032:1; a larger claim is a lie meant to make us allocate.
        long packed = e.getCompressedSize();
        if (packed >= 0 && size > packed * MAX_DEFLATE_RATIO + 1024) {
            throw problem("entry " + name + " claims " + size + " bytes from " + packed
                    + " compressed bytes");
        }
        byte[] bytes = new byte[(int) size];
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n < bytes.length) {
                throw problem("entry " + name + " is truncated (" + n + " of " + size + " bytes)");
            }
            if (in.read() != -1) {
                throw problem("entry " + name + " is longer than the " + size
                        + " bytes its header says");
            }
        } catch (ZipException | java.io.EOFException x) {
            throw new BundleFormatException(file, "entry " + name + " is corrupt: "
                    + x.getMessage(), x);
        }
        crc.update(bytes);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw problem("entry " + name + " is corrupt (CRC does not match)");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Closes the zip and deletes any extracted files. */
    @Override
    public void close() throws IOException {
        loaded.clear();
        zip.close();
        if (extractDir != null) {
            try (Stream<Path> s = Files.walk(extractDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            extractDir = null;
        }
    }
}
