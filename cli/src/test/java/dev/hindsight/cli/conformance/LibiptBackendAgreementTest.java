package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoder;
import dev.hindsight.pt.packet.PacketType;
import dev.hindsight.pt.packet.TraceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hindsight's flow decoders and libipt's own (2.0.5, {@code --decoder libipt}) execute the same
 * instructions on every conformance trace whose features libipt 2.0.5 has: for each ptxed run,
 * both backends, with the instruction and with the block decoder, must print the same sequence of
 * instruction addresses.
 *
 * <p>What 2.0.5 lacks is decided from the run itself, never from a test name: options it does not
 * have, packets newer than it (CFE, EVD, TRIG), and CPUs missing from its errata table (libipt
 * refuses them). Such runs are listed on standard output with the reason. Where the two still
 * disagree, master's expected output arbitrates: ours must match it exactly and libipt 2.0.5 must
 * have stopped on a decode error (instructions newer than its decoder, such as JMPABS or ERETU).
 */
class LibiptBackendAgreementTest {
    private static final List<String> UNSUPPORTED_OPTIONS = List.of("--resync-on-error", "--event:iflags",
            "--insn:keep-tcal-on-ovf", "--block:keep-tcal-on-ovf");
    private static final Set<PacketType> NEWER_PACKETS = EnumSet.of(PacketType.CFE, PacketType.EVD,
            PacketType.TRIG);
    private static final Pattern INSTRUCTION = Pattern.compile("(\\? )?[0-9a-f]{16}");

    @TestFactory
    Stream<DynamicNode> shouldExecuteTheSameInstructionsAsLibipt() {
        List<DynamicNode> tests = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        for (ConformanceCase test : ConformanceSuite.load()) {
            if (!test.expects("ptxed") || !"core".equals(test.suite())) {
                continue;
            }
            String reason = unsupported(test);
            for (ConformanceCase.Run run : test.runs("ptxed")) {
                if (reason != null) {
                    excluded.add(run.displayName() + ": " + reason);
                    continue;
                }
                for (String decoder : List.of("--insn-decoder", "--block-decoder")) {
                    tests.add(DynamicTest.dynamicTest(run.displayName() + " " + decoder,
                            () -> compare(run, decoder)));
                }
            }
        }
        excluded.forEach(e -> System.out.println("libipt 2.0.5 cannot decode " + e));
        // The comparison must cover most of the suite, or excluding would hide disagreement.
        assertTrue(tests.size() >= 400, "only " + tests.size() + " runs compared");
        return tests.stream();
    }

    private static void compare(ConformanceCase.Run run, String decoder) {
        List<String> args = new ArrayList<>(List.of(decoder));
        args.addAll(run.args());
        ToolRunner.Result ours = ToolRunner.run(run.test().dir(), "ptxed", args);
        args.add(0, "--decoder");
        args.add(1, "libipt");
        ToolRunner.Result libipt = ToolRunner.run(run.test().dir(), "ptxed", args);
        if (libipt.err().contains("unknown cpu")) {
            System.out.println("libipt 2.0.5 cannot decode " + run.displayName()
                    + ": no errata entry for cpu " + run.cpu());
            return;
        }
        assertEquals(0, libipt.exitCode(), libipt.err());
        List<String> mine = instructions(ours.out());
        List<String> theirs = instructions(libipt.out());
        if (mine.equals(theirs)) {
            return;
        }
        String what = "ptxed " + String.join(" ", args);
        assertEquals(instructions(expected(run)), mine, what + ": we disagree with libipt and master");
        assertTrue(libipt.out().contains(": error: "), what + ": libipt 2.0.5 disagrees without an error");
        System.out.println("libipt 2.0.5 stops early with an error on " + run.displayName() + " " + decoder);
    }

    private static String expected(ConformanceCase.Run run) {
        try {
            return java.nio.file.Files.readString(run.test().expectedFile("ptxed"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> instructions(String output) {
        return output.lines().filter(l -> INSTRUCTION.matcher(l.strip()).matches()).toList();
    }

    /** Why libipt 2.0.5 cannot decode this test's runs, or {@code null} if it can. */
    private static String unsupported(ConformanceCase test) {
        for (String option : test.runs("ptxed").get(0).args()) {
            if (UNSUPPORTED_OPTIONS.contains(option)) {
                return "option " + option;
            }
        }
        Set<PacketType> newer = packetTypes(test.dir().resolve(test.name() + ".pt"));
        newer.retainAll(NEWER_PACKETS);
        return newer.isEmpty() ? null : "packets " + newer;
    }

    private static Set<PacketType> packetTypes(Path trace) {
        Set<PacketType> types = EnumSet.noneOf(PacketType.class);
        try {
            PacketDecoder decoder = new PacketDecoder(TraceFile.map(trace));
            Packet packet = new Packet();
            while (decoder.syncForward() >= 0) {
                while (decoder.next(packet) > 0) {
                    types.add(packet.type());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }
}
