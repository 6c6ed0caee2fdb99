package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TraceArgumentTest {
    @Test
    void shouldSplitOffsetAndRange() {
        assertEquals(new TraceArgument("t.pt", 0, 0), TraceArgument.parse("t.pt"));
        assertEquals(new TraceArgument("t.pt", 0x10, 0), TraceArgument.parse("t.pt:0x10"));
        assertEquals(new TraceArgument("t.pt", 2, 6), TraceArgument.parse("t.pt:2-8"));
    }

    @Test
    void shouldKeepColonThatStartsNoRange() {
        assertEquals(new TraceArgument("a:b.pt", 0, 0), TraceArgument.parse("a:b.pt"));
    }

    @Test
    void shouldRejectEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> TraceArgument.parse("t.pt:8-2"));
    }
}
