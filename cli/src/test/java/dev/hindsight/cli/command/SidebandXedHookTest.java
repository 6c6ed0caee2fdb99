package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.Image;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.query.EventType;
import dev.hindsight.pt.query.PtEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidebandXedHookTest {
    @TempDir
    Path dir;

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    // MMAP of a.bin at 0x1000 and ITRACE_START for pid 1, both at perf time 0, then a LOST at 5.
    private static byte[] records() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putShort((short) 0).putShort((short) 56).putInt(1).putInt(1).putLong(0x1000)
                .putLong(4).putLong(0).put("a.bin\0\0\0".getBytes(StandardCharsets.US_ASCII))
                .putLong(0);
        b.putInt(12).putShort((short) 0).putShort((short) 24).putInt(1).putInt(1).putLong(0);
        b.putInt(2).putShort((short) 0).putShort((short) 32).putLong(1).putLong(2).putLong(5);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private SidebandXedHook hook(String... args) throws IOException {
        Files.write(dir.resolve("a.bin"), new byte[] {0x11, 0x22, 0x33, 0x44});
        Files.write(dir.resolve("a.sb"), records());
        Hindsight root = (Hindsight) Hindsight.commandLine(out, out, dir).getCommand();
        return SidebandXedHook.of(SidebandOptions.fromArguments(List.of(args)), root, out);
    }

    @Test
    void shouldSwitchToProcessImageAndPrintRecordsAndContext() throws IOException {
        SidebandXedHook hook = hook("--sb:compact", "--sb:offset", "--sb:switch", "--sb:warn",
                "--pevent:sample-type", "0x4", "--pevent:primary", "a.sb");
        hook.open(new SectionCache());

        Image image = hook.onEvent(new PtEvent().type(EventType.ENABLED).ip(0x1000).tsc(1), out);

        assertNotNull(image);
        assertEquals("pid-1", image.name());
        byte[] one = new byte[1];
        assertEquals(1, image.read(one, 1, 0x1002, Asid.ANY));
        assertEquals(0x33, one[0]);
        assertEquals(List.of(
                "0000000000000000  PERF_RECORD_MMAP  1/1, 1000, 4, 0, a.bin  { 0 }",
                "0000000000000038  PERF_RECORD_ITRACE_START  1/1  { 0 }",
                "[context: pid-1]"), text.toString().lines().toList());

        assertNull(hook.onEvent(new PtEvent().type(EventType.TICK).ip(0x1001).tsc(6), out));
        assertEquals("[a.sb:0000000000000050 sideband warning: sideband lost]",
                text.toString().lines().toList().get(4));
    }

    @Test
    void shouldBeAbsentWithoutSidebandFiles() throws IOException {
        assertNull(hook("--sb:compact", "--pevent:sample-type", "0x4"));
    }

    @Test
    void shouldRejectBadArgumentsAsUsageErrors() {
        UserError missing = assertThrows(UserError.class,
                () -> SidebandOptions.fromArguments(List.of("--pevent:primary")));
        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertEquals("--pevent:primary: missing argument.", missing.getMessage());

        UserError bad = assertThrows(UserError.class,
                () -> SidebandOptions.fromArguments(List.of("--pevent:time-mult", "x")));
        assertEquals("--pevent:time-mult: bad argument: x.", bad.getMessage());

        UserError config = assertThrows(UserError.class,
                () -> SidebandOptions.fromArguments(List.of("--pevent:sample-config", "1")));
        assertEquals("--pevent:sample-config: bad sample config: 1.", config.getMessage());
        assertThrows(UserError.class,
                () -> SidebandOptions.fromArguments(List.of("--pevent:bogus", "1")));
    }
}
