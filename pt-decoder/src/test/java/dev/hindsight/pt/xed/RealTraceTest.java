package dev.hindsight.pt.xed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.errata.CpuId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Hardware-captured traces (/work/shared/realtraces): instruction counts, IP-sequence
 * fingerprints and error counts as libipt master's ptxed gives them, from both decoders.
 */
class RealTraceTest {
    static Path shared() {
        return Path.of(System.getProperty("hindsight.shared", "../shared")).resolve("realtraces");
    }

    /** What a run printed: instruction lines hashed, error lines counted. */
    private static final class Tally extends Writer {
        private final MessageDigest sha;
        private final StringBuilder line = new StringBuilder();
        private final List<String> ips = new ArrayList<>();
        private final boolean keepIps;
        long insns;
        long errors;

        Tally(boolean keepIps) throws NoSuchAlgorithmException {
            this.sha = MessageDigest.getInstance("SHA-256");
            this.keepIps = keepIps;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    onLine(line.toString());
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        private void onLine(String l) {
            if (l.startsWith("[")) {
                if (l.contains("error")) {
                    errors++;
                }
                return;
            }
            String ip = l.startsWith("? ") ? l.substring(2) : l;
            insns++;
            sha.update((ip + "\n").getBytes(StandardCharsets.US_ASCII));
            if (keepIps) {
                ips.add(ip);
            }
        }

        String fingerprint() {
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    // The page dump as the reference loaded it: one --raw per run of consecutive pages.
    static List<String> pageRuns(Path dir) throws IOException {
        ByteBuffer addrs = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("image.addr")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int n = addrs.remaining() / 8;
        List<String> raws = new ArrayList<>();
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && addrs.getLong(8 * (j + 1)) == addrs.getLong(8 * j) + 4096) {
                j++;
            }
            raws.add(String.format("image.dump:%#x-%#x:%#x", i * 4096L, (j + 1) * 4096L,
                    addrs.getLong(8 * i)));
            i = j + 1;
        }
        return raws;
    }

    private static Tally run(Path dir, String cpu, PtxedOptions.DecoderKind kind, String pt,
            List<String> raws, boolean keepIps) throws Exception {
        PtxedOptions.Builder b = PtxedOptions.builder().dir(dir).decoder(kind).pt(pt)
                .flag(PtxedOptions.NO_INST, true);
        if (cpu != null) {
            b.cpu(CpuId.parse(cpu));
        }
        raws.forEach(b::raw);
        Tally tally = new Tally(keepIps);
        new Ptxed(b.build(), null, null).run(new PrintWriter(tally));
        return tally;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Unzip, 6/94, 149576, 0, 78b0864e7b0371ba",
        "Unzip, none, 121052, 11, 296be22b766a0ffc",
        "foo, 6/94, 117967, 0, 54f391f675563a4c",
        "foo, none, 117967, 0, 54f391f675563a4c",
        "mruby, 6/94, 6334131, 0, b7e8009af38d96cc",
        "icelake_tip, 6/94, 15, 0, 6777938164843ff9",
        "icelake_tip, none, 0, 1, e3b0c44298fc1c14",
        "dyn_test, 6/94, 870, 14, ",
        "dyn_test, none, 238, 38, ",
    })
    void shouldDecodeLibxdcTracesLikeLibipt(String name, String cpu, long insns, long errors,
            String fingerprint) throws Exception {
        Path dir = shared().resolve("libxdc").resolve(name);
        assertTrue(Files.isDirectory(dir), dir + " missing");
        List<String> raws = pageRuns(dir);
        String id = "none".equals(cpu) ? null : cpu;
        for (PtxedOptions.DecoderKind kind : PtxedOptions.DecoderKind.values()) {
            Tally t = run(dir, id, kind, "trace.pt", raws, false);
            assertEquals(insns, t.insns, kind + " instructions");
            assertEquals(errors, t.errors, kind + " errors");
            if (fingerprint != null) {
                assertEquals(fingerprint, t.fingerprint(), kind + " IP fingerprint");
            }
        }
    }

    @Test
    void shouldDecodeTheDynamorioTraceWithItsTimingOptions() throws Exception {
        Path dir = shared().resolve("dynamorio-test_simple");
        assertTrue(Files.isDirectory(dir), dir + " missing");
        for (PtxedOptions.DecoderKind kind : PtxedOptions.DecoderKind.values()) {
            PtxedOptions options = PtxedOptions.builder().dir(dir).decoder(kind).pt("pt.bin")
                    .elf("hello").cpu(CpuId.parse("6/85/4")).mtcFreq(3).nomFreq(37)
                    .cpuid15Eax(2).cpuid15Ebx(308).flag(PtxedOptions.NO_INST, true).build();
            Tally t = new Tally(true);
            new Ptxed(options, null, null).run(new PrintWriter(t));
            assertEquals(List.of("0000000000401000", "0000000000401005", "000000000040100a",
                    "0000000000401014", "0000000000401019", "000000000040101b",
                    "0000000000401020", "0000000000401025"), t.ips, kind.toString());
            assertEquals(0, t.errors);
        }
    }
}
