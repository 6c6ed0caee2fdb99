package dev.hindsight.pt.xed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.errata.CpuId;
import dev.hindsight.pt.libipt.LibiptDecoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged real traces, decoded by Hindsight and by libipt 2.0.5 ({@code --decoder libipt}): the
 * two execute the same instructions up to the first error either of them reports.
 *
 * <p>Each hardware trace is damaged in a few seeded ways (bytes overwritten, a run of bytes
 * overwritten, the file cut short) so the decoders meet inputs nobody tuned them to. After an
 * error the two may legitimately part: the expected outputs come from libipt master, whose event
 * decoder reports and recovers from errors at other offsets than 2.0.5 does. One more 2.0.5
 * difference is allowed: on a trace cut right after its last TNT bit, 2.0.5 does not yet know the
 * trace has ended and walks on to the next branch that needs trace, where master (and Hindsight)
 * stop with {@code [end of trace]}.
 */
class LibiptFuzzAgreementTest {
    private static final int DAMAGED_COPIES = 6;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"Unzip", "foo", "dyn_test", "icelake_tip"})
    void shouldExecuteTheSameInstructionsAsLibiptUpToTheFirstError(String name) throws Exception {
        assertNull(LibiptDecoder.unavailableReason(), "libipt 2.0.5 (scripts/setup installs libipt2)");
        Path dir = RealTraceTest.shared().resolve("libxdc").resolve(name);
        assertTrue(Files.isDirectory(dir), dir + " missing");
        List<String> raws = new ArrayList<>();
        for (String run : RealTraceTest.pageRuns(dir)) {
            raws.add(dir.resolve(run).toString());
        }
        byte[] original = Files.readAllBytes(dir.resolve("trace.pt"));
        Random random = new Random(name.hashCode());
        int compared = 0;
        for (int copy = 0; copy < DAMAGED_COPIES; copy++) {
            byte[] damaged = damage(original, copy % 3, random);
            Path pt = tmp.resolve(name + "-" + copy + ".pt");
            Files.write(pt, damaged);
            for (PtxedOptions.DecoderKind kind : PtxedOptions.DecoderKind.values()) {
                String ours = decode(pt, raws, kind, false);
                String theirs = decode(pt, raws, kind, true);
                assertAgree(ours, theirs, pt.getFileName() + " " + kind);
                compared++;
            }
        }
        assertEquals(2 * DAMAGED_COPIES, compared);
    }

    /** Kind 0: a few bytes overwritten; 1: cut short; 2: a run of up to 64 bytes overwritten. */
    private static byte[] damage(byte[] trace, int kind, Random random) {
        byte[] b = trace.clone();
        switch (kind) {
            case 0 -> {
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            default -> {
                int at = random.nextInt(b.length);
                for (int k = at; k < Math.min(b.length, at + 1 + random.nextInt(64)); k++) {
                    b[k] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    private static String decode(Path pt, List<String> raws, PtxedOptions.DecoderKind kind,
            boolean libipt) {
        PtxedOptions.Builder b = PtxedOptions.builder().dir(pt.getParent()).decoder(kind)
                .pt(pt.toString()).cpu(CpuId.parse("6/94")).flag(PtxedOptions.NO_INST, true)
                .flag(PtxedOptions.LIBIPT, libipt);
        raws.forEach(b::raw);
        StringWriter out = new StringWriter();
        new Ptxed(b.build(), null, null).run(new PrintWriter(out));
        return out.toString();
    }

    private static void assertAgree(String ours, String theirs, String what) {
        List<String> a = ours.lines().filter(l -> !l.startsWith("[") || isError(l)).toList();
        List<String> c = theirs.lines().filter(l -> !l.startsWith("[") || isError(l)).toList();
        int i = 0;
        int j = 0;
        for (;;) {
            if (i < a.size() && isError(a.get(i)) || j < c.size() && isError(c.get(j))) {
                return;
            }
            if (i == a.size() || j == c.size() || !a.get(i).equals(c.get(j))) {
                break;
            }
            i++;
            j++;
        }
        if (i == a.size() && j == c.size()) {
            return;
        }
        boolean lateEos = i == a.size() && ours.stripTrailing().endsWith("[end of trace]");
        assertTrue(lateEos, what + ": instruction " + i + " differs before any error: ours "
                + (i < a.size() ? a.get(i) : "(end)") + ", libipt " + (j < c.size() ? c.get(j) : "(end)"));
    }

    private static boolean isError(String line) {
        return line.startsWith("[") && line.contains("error");
    }
}
