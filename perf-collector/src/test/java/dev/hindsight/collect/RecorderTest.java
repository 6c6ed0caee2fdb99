package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
    @TempDir
    Path root;

    private MachineSupport vm() throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/cpuinfo"), "vendor_id\t: AuthenticAMD\nflags\t\t: fpu\n");
        Files.writeString(root.resolve("proc/self/status"), "Uid:\t0\t0\t0\t0\nCapEff:\t0\n");
        return MachineSupport.probe(root);
    }

    @Test
    void shouldRefuseARequestedMethodTheMachineLacks() throws IOException {
        RecordingException e = assertThrows(RecordingException.class,
                () -> Recorder.choose(RecordMethod.BTS, vm(), s -> { }));
        assertEquals("-m bts is not supported on this machine: BTS is an Intel feature; the CPU"
                + " is AuthenticAMD", e.getMessage());
    }

    @Test
    void shouldTellWhyAutoFellBackToSw() throws IOException {
        List<String> said = new ArrayList<>();
        assertEquals(RecordMethod.SW, Recorder.choose(null, vm(), said::add).method());
        assertEquals(1, said.size());
        assertTrue(said.get(0).startsWith("method sw: single-stepping with ptrace"), said.get(0));
        assertTrue(said.get(0).contains("; no pt: "), said.get(0));
        assertTrue(said.get(0).contains("; no bts: BTS is an Intel feature"), said.get(0));
    }

    @Test
    void shouldRecordALaunchedProgramEndToEnd() throws IOException {
        Path prog = NativePrograms.build("recursive", true);
        Recorder.Outcome o = Recorder.record(new Recorder.Request(RecordMethod.SW,
                root.resolve("out"), List.of(prog.toString(), "5"), 0, true, 0, 0), vm(), s -> { });
        assertTrue(o.ended());
        assertEquals(5, o.manifest().exitCode());
        assertEquals(List.of(prog.toString(), "5"), o.manifest().command());
        assertTrue(Files.exists(root.resolve("out/manifest.json")));
    }
}
