package dev.hindsight.pt.libipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibiptDecoderTest {
    private static final Path SHARED = Path.of(System.getProperty("hindsight.shared", "../shared"));
    private static final Path SYNTH = SHARED.resolve("bench/libipt-synth");

    private static List<FileRange> synthImage() {
        return List.of(new FileRange(SYNTH.resolve("synth.bin"), 0, 0x2d, 0x400000));
    }

    @Test
    void shouldBeAvailable() {
        assertNull(LibiptDecoder.unavailableReason());
    }

    @Test
    void shouldCountBlocksAndInstructionsOfTheBenchTraceAsTheManifestSays() throws IOException {
        long[] counts = new long[2];
        try (LibiptDecoder d = LibiptDecoder.open(SYNTH.resolve("synth-noretc-1m.pt"), synthImage(),
                LibiptOptions.defaults())) {
            int errors = LibiptWalk.walk(d, dec -> {
                counts[0]++;
                counts[1] += dec.instructionCount();
            });
            assertEquals(0, errors);
        }
        // libipt master (the manifest's reference) reports 969,082 blocks; 2.0.5 ends the trace
        // with the blocks split once more, but executes the same instructions.
        assertEquals(969_082 + 1, counts[0], "blocks");
        assertEquals(3_380_907, counts[1], "instructions");
    }

    @Test
    void shouldStopBeforeTheFinalBranchWithTheInsnDecoderOf205() throws IOException {
        long[] count = new long[1];
        long[] last = new long[1];
        try (LibiptDecoder d = LibiptDecoder.open(SYNTH.resolve("synth-noretc-1m.pt"), synthImage(),
                LibiptOptions.defaults().withBlockDecoder(false))) {
            LibiptWalk.walk(d, dec -> {
                count[0]++;
                last[0] = dec.ip();
            });
        }
        // Master decodes up to the jz at 0x400007 that the final TIP.PGD (no ip) binds to;
        // libipt 2.0.5's instruction decoder ends one instruction earlier, without the event.
        assertEquals(3_380_907 - 1, count[0]);
        assertEquals(0x400005, last[0]);
    }

    @Test
    void shouldReproduceTheReferenceFingerprintOfARealTrace() throws IOException, NoSuchAlgorithmException {
        Path dir = SHARED.resolve("realtraces/libxdc/foo");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] count = new long[1];
        try (LibiptDecoder d = LibiptDecoder.open(dir.resolve("trace.pt"), pageDumpImage(dir),
                LibiptOptions.defaults().withBlockDecoder(false).withCpu(6, 94, 0))) {
            int errors = LibiptWalk.walk(d, dec -> {
                count[0]++;
                sha.update(String.format("%016x%n", dec.ip()).getBytes(StandardCharsets.US_ASCII));
            });
            assertEquals(0, errors);
        }
        assertEquals(117_967, count[0]);
        assertTrue(HexFormat.of().formatHex(sha.digest()).startsWith("54f391f675563a4c"));
    }

    @Test
    void shouldRejectAnUnknownCpuWithLibiptsMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LibiptDecoder.open(SYNTH.resolve("synth-noretc-1m.pt"), synthImage(),
                        LibiptOptions.defaults().withCpu(0, 0, 0)).close());
        assertTrue(e.getMessage().contains("unknown cpu"), e.getMessage());
    }

    /** The libxdc page dump as file ranges: one range per run of consecutive page addresses. */
    static List<FileRange> pageDumpImage(Path dir) throws IOException {
        ByteBuffer addr = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("image.addr"))).order(ByteOrder.LITTLE_ENDIAN);
        List<FileRange> ranges = new ArrayList<>();
        int pages = addr.remaining() / 8;
        int start = 0;
        for (int i = 1; i <= pages; i++) {
            if (i == pages || addr.getLong(8 * i) != addr.getLong(8 * (i - 1)) + 4096) {
                ranges.add(new FileRange(dir.resolve("image.dump"), 4096L * start, 4096L * (i - start),
                        addr.getLong(8 * start)));
                start = i;
            }
        }
        return ranges;
    }
}
