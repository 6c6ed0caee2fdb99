package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class RawLoaderTest {

    private static final int NOMAP = -PtError.NOMAP.code();

    /**
     * Every conformance test: load the --raw arguments ptxed gets (or, for ptdump-only tests,
     * the image entries written as --raw arguments) and compare every byte around them with the
     * manifest's description of the image, including "no memory mapped" outside it.
     */
    @TestFactory
    Stream<DynamicTest> shouldBuildEveryConformanceImageAsManifestDescribes() throws IOException {
        Path suite = SharedData.dir("conformance", "libipt-ptt");
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> dirs = Files.list(suite)) {
            for (Path dir : dirs.sorted().toList()) {
                Path manifest = dir.resolve("manifest.json");
                if (Files.isRegularFile(manifest)) {
                    JsonNode m = json.readTree(manifest.toFile());
                    tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(),
                            () -> checkImage(dir, m)));
                }
            }
        }
        assertTrue(tests.size() > 100, "too few conformance tests: " + tests.size());
        return tests.stream();
    }

    private static void checkImage(Path dir, JsonNode m) throws Exception {
        List<String> raws = new ArrayList<>();
        JsonNode args = m.path("ptxed_args");
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals("--raw")) {
                raws.add(args.get(i + 1).asText());
            }
        }
        if (raws.isEmpty()) {
            // ptdump-only tests: their image entries as --raw arguments; an empty .bin (size 0)
            // cannot be a section, as in libipt.
            for (JsonNode e : m.path("image")) {
                if (!e.path("size").asText().equals("0x0")) {
                    raws.add(asRawArgument(e));
                }
            }
        }
        SectionCache cache = new SectionCache();
        Image image = new Image();
        for (String raw : raws) {
            RawLoader.load(raw, dir, cache, image);
        }
        // The expected image: later entries replace earlier ones.
        Map<Long, Integer> expected = new HashMap<>();
        Map<Long, Integer> expectedIsid = new HashMap<>();
        long low = Long.MAX_VALUE;
        long high = 0;
        int isid = 0;
        for (JsonNode e : m.path("image")) {
            isid++;
            byte[] bytes = Files.readAllBytes(dir.resolve(e.path("file").asText()));
            long load = Long.decode(e.path("load_address").asText());
            int offset = Long.decode(e.path("file_offset").asText()).intValue();
            int end = bytes.length;
            if (e.has("size")) {
                end = offset + Long.decode(e.path("size").asText()).intValue();
            } else if (e.has("file_end")) {
                end = Long.decode(e.path("file_end").asText()).intValue();
            }
            for (int i = offset; i < end; i++) {
                expected.put(load + i - offset, bytes[i] & 0xff);
                expectedIsid.put(load + i - offset, isid);
            }
            low = Math.min(low, load);
            high = Math.max(high, load + end - offset);
        }
        byte[] one = new byte[1];
        for (long ip = low - 16; ip < high + 16; ip++) {
            int n = image.read(one, 1, ip, Asid.ANY);
            Integer want = expected.get(ip);
            if (want == null) {
                assertEquals(NOMAP, n, "at 0x" + Long.toHexString(ip));
            } else {
                assertEquals(1, n, "at 0x" + Long.toHexString(ip));
                assertEquals((int) want, one[0] & 0xff, "at 0x" + Long.toHexString(ip));
                assertEquals((int) expectedIsid.get(ip), image.lastIsid(),
                        "isid at 0x" + Long.toHexString(ip));
            }
        }
    }

    private static String asRawArgument(JsonNode e) {
        String file = e.path("file").asText();
        String offset = e.path("file_offset").asText();
        String load = e.path("load_address").asText();
        if (e.has("size")) {
            long end = Long.decode(offset) + Long.decode(e.path("size").asText());
            return file + ":" + offset + "-0x" + Long.toHexString(end) + ":" + load;
        }
        if (e.has("file_end")) {
            return file + ":" + offset + "-" + e.path("file_end").asText() + ":" + load;
        }
        return file + ":" + offset + ":" + load;
    }

    @Test
    void shouldSplitFirstLoadLikeLibiptTruncatedTest() throws Exception {
        Path dir = SharedData.dir("conformance", "libipt-ptt", "truncated");
        SectionCache cache = new SectionCache();
        Image image = new Image();
        assertEquals(1, RawLoader.load("truncated.bin:0x1000", dir, cache, image));
        assertEquals(2, RawLoader.load("truncated.bin:0x2:0x1002", dir, cache, image));
        assertEquals(2, image.sections().size());
        byte[] b = new byte[15];
        assertEquals(2, image.read(b, 15, 0x1000, Asid.ANY));
        assertEquals(1, image.lastIsid());
        assertEquals(4, image.read(b, 15, 0x1002, Asid.ANY));
        assertEquals(2, image.lastIsid());
    }

    @Test
    void shouldLoadRangeOfFile(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("f.bin"), new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
        Image image = new Image();
        RawLoader.load("f.bin:2-5:0x400000", dir, new SectionCache(), image);
        byte[] b = new byte[15];
        assertEquals(3, image.read(b, 15, 0x400000, Asid.ANY));
        assertEquals(2, b[0]);
        assertEquals(4, b[2]);
        assertEquals(NOMAP, image.read(b, 15, 0x400003, Asid.ANY));
    }

    @Test
    void shouldCutRangeAtEndOfFileAsLibipt(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("f.bin"), new byte[] {0, 1, 2, 3});
        Image image = new Image();
        RawLoader.load("f.bin:1-0x100:0x1000", dir, new SectionCache(), image);
        assertEquals(3, image.sections().get(0).size());
    }

    @Test
    void shouldNameMissingFile(@TempDir Path dir) {
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> RawLoader.load("nope.bin:0x1000", dir, new SectionCache(), new Image()));
        assertEquals(dir.resolve("nope.bin") + ": no such file", e.getMessage());
    }

    @Test
    void shouldRejectOffsetBeyondEndOfFile(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("f.bin"), new byte[4]);
        ImageLoadException e = assertThrows(ImageLoadException.class,
                () -> RawLoader.load("f.bin:4:0x1000", dir, new SectionCache(), new Image()));
        assertTrue(e.getMessage().contains("offset 0x4 is beyond the end of the file"),
                e.getMessage());
    }
}
