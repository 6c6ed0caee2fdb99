package dev.hindsight.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellCompleterTest {
    @Test
    void shouldCompleteCommandWordsThenSubcommands() {
        assertTrue(ShellCompleter.candidates(List.of(""), 0).containsAll(List.of("record", "reverse-stepi", "info")));
        assertEquals(GdbCommands.RECORD, ShellCompleter.candidates(List.of("rec", ""), 1));
        assertEquals(GdbCommands.INFO, ShellCompleter.candidates(List.of("i", ""), 1));
        assertEquals(List.of("record"), ShellCompleter.candidates(List.of("show", ""), 1));
        assertTrue(ShellCompleter.candidates(List.of("set", "record", ""), 2).contains("instruction-history-size"));
        assertEquals(List.of("begin", "end", "start"), ShellCompleter.candidates(List.of("record", "goto", ""), 2));
        assertEquals(List.of(), ShellCompleter.candidates(List.of("nosuch", ""), 1));
    }

    @Test
    void shouldResolveGdbsAliasesAndUniquePrefixes() {
        assertEquals("stepi", GdbCommands.resolve("si"));
        assertEquals("reverse-next", GdbCommands.resolve("rn"));
        assertEquals("finish", GdbCommands.resolve("fin"));
        assertEquals("reverse-finish", GdbCommands.resolve("reverse-f"));
        assertEquals("backtrace", GdbCommands.resolve("bt"));
        assertEquals(null, GdbCommands.resolve("re"));
        assertEquals(null, GdbCommands.resolve("foo"));
    }

    @Test
    void shouldRepeatOnlyArgumentlessHistoryListings() {
        assertTrue(GdbCommands.argumentless(""));
        assertTrue(GdbCommands.argumentless("/m +"));
        assertTrue(GdbCommands.argumentless("/r/p -"));
        assertEquals(false, GdbCommands.argumentless("3,7"));
        assertEquals(false, GdbCommands.argumentless("/m 3"));
    }
}
