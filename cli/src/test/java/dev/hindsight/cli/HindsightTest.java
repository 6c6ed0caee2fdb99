package dev.hindsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HindsightTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldPrintVersion() {
        assertEquals(ExitCodes.OK, run("--version"));
        assertTrue(out.toString().startsWith("hindsight "), out.toString());
    }

    @Test
    void shouldExitWithUsageCodeOnUnknownOption() {
        assertEquals(ExitCodes.USAGE, run("--no-such-option"));
        assertTrue(err.toString().contains("Unknown option"), err.toString());
    }

    @Test
    void shouldListCommandsWithoutArguments() {
        assertEquals(ExitCodes.OK, run());
        assertTrue(out.toString().contains("Commands:"), out.toString());
    }

    @Test
    void shouldShowHelpForEverySubcommand() {
        picocli.CommandLine cl = Hindsight.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            out.getBuffer().setLength(0);
            assertEquals(ExitCodes.OK, run(name, "--help"), name + ": " + err);
            assertTrue(out.toString().contains("Usage: hindsight " + name), name + ": " + out);
        }
    }
}
