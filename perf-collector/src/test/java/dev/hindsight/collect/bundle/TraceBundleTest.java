package dev.hindsight.collect.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.sideband.PerfEvent;
import dev.hindsight.pt.sideband.PerfEventReader;
import dev.hindsight.pt.sideband.PerfRecordType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceBundleTest {
    @TempDir
    Path dir;

    private static final byte[] PT = {2, (byte) 0x82, 2, (byte) 0x82, 0, 0, 1, 2, 3};
    private static final long CODE_AT = 0x400000;

    /** A small program file whose bytes 0x1000.. are "code". */
    private Path program() throws IOException {
        byte[] b = new byte[0x3000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        Path p = dir.resolve("prog");
        Files.write(p, b);
        return p;
    }

    private static byte[] mmap2Record() {
        // PERF_RECORD_MMAP2 with filename "/x" and a TID sample (pid, tid).
        ByteBuffer b = ByteBuffer.allocate(8 + 64 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(PerfRecordType.MMAP2).putShort((short) 0).putShort((short) 88);
        b.putInt(7).putInt(7).putLong(CODE_AT).putLong(0x1000).putLong(0x1000);
        b.putInt(0).putInt(0).putLong(0).putLong(0).putInt(5).putInt(2);
        b.put("/x".getBytes(StandardCharsets.US_ASCII)).put(new byte[6]);
        b.putInt(7).putInt(7);
        return b.array();
    }

    private Path writeBundle() throws IOException {
        Path target = dir.resolve("t.hsb");
        try (BundleWriter w = BundleWriter.create(target)) {
            w.method("pt").cpu(new BundleManifest.Cpu("GenuineIntel", 6, 85, 7))
                    .perf(Map.of("type", "8", "config", "0x2001"))
                    .timing(new BundleManifest.Timing(3, 0x20, 2, 0xa8, 10, 600, 123))
                    .process(List.of("prog", "arg"), 7);
            w.addThread(7, BundleManifest.KIND_PT, new ByteArrayInputStream(PT),
                    List.of(new BundleManifest.Gap(4, "truncated", 0)), List.of(), CODE_AT,
                    CODE_AT + 0x10);
            w.addThread(8, BundleManifest.KIND_BTS, new byte[48], List.of());
            w.sideband(new ByteArrayInputStream(mmap2Record()), 1L << 1);
            Path prog = program();
            w.addFileImage(CODE_AT, CODE_AT + 0x1000, prog, 0x1000, 0);
            w.addFileImage(CODE_AT + 0x1000, CODE_AT + 0x2000, prog, 0x2000, 0);
            w.addMemoryImage(0x7000_0000L, "[anon]", new byte[] {(byte) 0xc3, (byte) 0x90}, 0);
            w.commit();
        }
        return target;
    }

    @Test
    void shouldRoundTripStreamsImagesAndManifest() throws IOException {
        Path file = writeBundle();
        try (TraceBundle b = TraceBundle.open(file)) {
            BundleManifest m = b.manifest();
            assertEquals("pt", m.method());
            assertEquals(List.of(7, 8), b.threadIds());
            assertEquals("6/85/7", m.cpu().decoderCpu());
            assertEquals(600, m.timing().timeMult());
            assertEquals(List.of("prog", "arg"), m.command());
            ByteBuffer s = b.stream(7);
            byte[] got = new byte[s.remaining()];
            s.get(got);
            assertArrayEquals(PT, got);
            assertEquals(48, b.stream(8).remaining());
            // One whole-file copy serves both mappings of the program.
            assertEquals(2, b.manifest().images().stream().map(BundleManifest.ImageEntry::entry)
                    .filter(e -> e.startsWith("images/")).distinct().count() + 1);
            ThreadTrace t = b.thread(7);
            assertTrue(t.isPt());
            assertEquals(CODE_AT + 0x10, t.currentPc());
            assertEquals("truncated", t.gaps().get(0).reason());
            Image img = t.image();
            byte[] code = new byte[4];
            assertEquals(4, img.read(code, 4, CODE_AT + 0x1000 + 5, Asid.ANY));
            for (int i = 0; i < 4; i++) {
                assertEquals((byte) ((0x2000 + 5 + i) * 7), code[i]);
            }
            assertEquals(2, img.read(code, 4, 0x7000_0000L, Asid.ANY));
            assertEquals((byte) 0xc3, code[0]);
        }
    }

    @Test
    void shouldStoreEachFileOnce() throws IOException {
        Path file = writeBundle();
        try (TraceBundle b = TraceBundle.open(file)) {
            long files = b.manifest().images().stream().map(BundleManifest.ImageEntry::entry)
                    .filter(e -> e.startsWith("images/")).distinct().count();
            assertEquals(1, files);
            assertNotNull(b.manifest().images().get(0).sha256());
        }
    }

    @Test
    void shouldGiveTheSidebandToThePeventReader() throws IOException {
        try (TraceBundle b = TraceBundle.open(writeBundle())) {
            var sb = b.sideband();
            PerfEvent ev = new PerfEvent();
            int size = PerfEventReader.read(sb.buffer(), 0, sb.size(), b.sidebandConfig(), ev);
            assertEquals(88, size);
            assertEquals(PerfRecordType.MMAP2, ev.type());
            assertEquals(CODE_AT, ev.addr());
            assertEquals("/x", ev.string());
            assertEquals(7, ev.tid());
        }
    }

    @Test
    void shouldExtractImagesOnlyIntoItsOwnTemporaryDirectory() throws IOException {
        Path extracted;
        try (TraceBundle b = TraceBundle.open(writeBundle())) {
            Map<BundleManifest.ImageEntry, Path> files = b.extractImageFiles();
            extracted = files.values().iterator().next();
            assertEquals(0x3000, Files.size(extracted));
            assertFalse(extracted.startsWith(dir));
        }
        assertFalse(Files.exists(extracted));
    }

    @Test
    void shouldNotLeaveAnythingWithoutCommit() throws IOException {
        Path target = dir.resolve("x.hsb");
        try (BundleWriter w = BundleWriter.create(target)) {
            w.addThread(1, BundleManifest.KIND_PT, new byte[] {1}, List.of());
        }
        assertFalse(Files.exists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void shouldRejectATruncatedBundle() throws IOException {
        Path file = writeBundle();
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.hsb");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> TraceBundle.open(cut));
        assertTrue(e.getMessage().startsWith(cut + ": not a trace bundle"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldRejectAFileThatIsNotAZip() throws IOException {
        Path f = dir.resolve("text.hsb");
        Files.writeString(f, "hello, this is not a zip file at all\n");
        assertTrue(assertThrows(BundleFormatException.class, () -> TraceBundle.open(f))
                .getMessage().contains("not a trace bundle"));
        assertEquals(dir.resolve("none.hsb") + ": no such file", assertThrows(
                BundleFormatException.class, () -> TraceBundle.open(dir.resolve("none.hsb")))
                .getMessage());
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(o)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private static byte[] manifest(String threads) {
        return ("{\"format\":\"hindsight-bundle\",\"version\":1,\"method\":\"pt\","
                + "\"cpu\":{\"vendor\":\"GenuineIntel\",\"family\":6,\"model\":85,\"stepping\":4},"
                + "\"threads\":[" + threads + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRejectEntryNamesThatEscape() throws IOException {
        for (String bad : List.of("../evil", "/etc/passwd", "a/../../b", "a\\b", "a//b")) {
            Path f = zip("bad.hsb", Map.of("manifest.json", manifest(""), bad, new byte[1]));
            BundleFormatException e = assertThrows(BundleFormatException.class,
                    () -> TraceBundle.open(f));
            assertEquals(f + ": unsafe entry name '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void shouldRejectAManifestPointingOutside() throws IOException {
        Path f = zip("out.hsb", Map.of("manifest.json", manifest(
                "{\"tid\":1,\"kind\":\"pt\",\"stream\":\"../../etc/passwd\",\"size\":1}")));
        assertEquals(f + ": thread 1: unsafe entry name '../../etc/passwd'",
                assertThrows(BundleFormatException.class, () -> TraceBundle.open(f)).getMessage());
    }

    @Test
    void shouldRejectASizeThatDoesNotMatchOrExceedsTheLimit() throws IOException {
        Path f = zip("size.hsb", Map.of("manifest.json", manifest(
                "{\"tid\":1,\"kind\":\"pt\",\"stream\":\"threads/1.pt\",\"size\":5}"),
                "threads/1.pt", new byte[100]));
        assertEquals(f + ": entry threads/1.pt holds 100 bytes, the manifest says 5",
                assertThrows(BundleFormatException.class, () -> TraceBundle.open(f)).getMessage());
        Path g = zip("big.hsb", Map.of("manifest.json", manifest(
                "{\"tid\":1,\"kind\":\"pt\",\"stream\":\"threads/1.pt\",\"size\":100}"),
                "threads/1.pt", new byte[100]));
        assertEquals(g + ": entry threads/1.pt is 100 bytes, above the limit of 50",
                assertThrows(BundleFormatException.class, () -> TraceBundle.open(g, 50))
                        .getMessage());
    }

    @Test
    void shouldRefuseASizeClaimNoCompressionCouldMake() throws IOException {
        Path f = zip("bomb.hsb", Map.of("manifest.json", manifest(
                "{\"tid\":1,\"kind\":\"pt\",\"stream\":\"threads/1.pt\",\"size\":1073741824}"),
                "threads/1.pt", new byte[4096]));
        // Rewrite the central directory's uncompressed size of threads/1.pt to 1 GiB.
        byte[] all = Files.readAllBytes(f);
        int cd = lastIndexOf(all, new byte[] {'P', 'K', 1, 2}, "threads/1.pt");
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(cd + 24, 1 << 30);
        Files.write(f, all);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> {
            try (TraceBundle b = TraceBundle.open(f, 1L << 31)) {
                b.stream(1);
            }
        });
        assertTrue(e.getMessage().startsWith(f + ": entry threads/1.pt claims 1073741824 bytes"
                + " from "), e.getMessage());
    }

    /** The offset of the central directory header of entry {@code name}. */
    private static int lastIndexOf(byte[] all, byte[] sig, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = all.length - 46; i >= 0; i--) {
            if (all[i] == sig[0] && all[i + 1] == sig[1] && all[i + 2] == sig[2]
                    && all[i + 3] == sig[3]) {
                int len = (all[i + 28] & 0xff) | (all[i + 29] & 0xff) << 8;
                if (len == n.length && java.util.Arrays.equals(java.util.Arrays.copyOfRange(all,
                        i + 46, i + 46 + len), n)) {
                    return i;
                }
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }

    @Test
    void shouldRejectOtherVersionsAndBadJson() throws IOException {
        Path f = zip("v.hsb", Map.of("manifest.json",
                "{\"format\":\"hindsight-bundle\",\"version\":99}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(assertThrows(BundleFormatException.class, () -> TraceBundle.open(f))
                .getMessage().contains("version 99 is not supported"));
        Path g = zip("j.hsb", Map.of("manifest.json", "{\"format\":".getBytes(StandardCharsets.UTF_8)));
        assertTrue(assertThrows(BundleFormatException.class, () -> TraceBundle.open(g))
                .getMessage().startsWith(g + ": unreadable manifest.json"));
        Path h = zip("n.hsb", Map.of("other", new byte[1]));
        assertEquals(h + ": not a trace bundle (no manifest.json)",
                assertThrows(BundleFormatException.class, () -> TraceBundle.open(h)).getMessage());
    }

    @Test
    void shouldRejectBtsStreamsOfPartialRecords() throws IOException {
        Path f = zip("bts.hsb", Map.of("manifest.json", manifest(
                "{\"tid\":1,\"kind\":\"bts-ds-24\",\"stream\":\"t\",\"size\":25}"), "t",
                new byte[25]));
        assertTrue(assertThrows(BundleFormatException.class, () -> TraceBundle.open(f))
                .getMessage().contains("not a whole number of 24-byte BTS records"));
    }

    @Test
    void shouldDetectCorruptedImageBytes() throws IOException {
        Path file = writeBundle();
        byte[] all = Files.readAllBytes(file);
        // Flip bytes inside the (deflated) program copy: the reader must notice, one way or another.
        int at = indexOf(all, "images/0-prog".getBytes(StandardCharsets.US_ASCII)) + 40;
        for (int i = 0; i < 16; i++) {
            all[at + i] ^= 0x55;
        }
        Path bad = dir.resolve("flip.hsb");
        Files.write(bad, all);
        IOException e = assertThrows(IOException.class, () -> {
            try (TraceBundle b = TraceBundle.open(bad)) {
                b.thread(7);
            }
        });
        assertTrue(e instanceof BundleFormatException, e.toString());
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
