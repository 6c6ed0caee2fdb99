package dev.hindsight.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiffUbTest {
    @Test
    void shouldIgnoreAmountOfWhitespaceAndTrailingWhitespace() {
        assertTrue(DiffUb.same("0000  psb\nfup   1: x\n", "0000 psb \nfup\t1: x\n"));
        assertTrue(DiffUb.same("a\n", "a"));
    }

    @Test
    void shouldNotIgnoreWhitespaceBetweenTokensOrBlankLines() {
        assertFalse(DiffUb.same("a b\n", "ab\n"));
        assertFalse(DiffUb.same("a\n\nb\n", "a\nb\n"));
        assertFalse(DiffUb.same("a\n", " a\n"));
        assertFalse(DiffUb.same("ff\n", "FF\n"));
        assertFalse(DiffUb.same("a\nb\n", "a\n"));
    }

    @Test
    void shouldDescribeFirstDifferingLine() {
        assertNull(DiffUb.describe("x\n", "x  \n"));
        String d = DiffUb.describe("a\nb\nc\n", "a\nB\nc\n");
        assertTrue(d.contains("line 2"), d);
        assertTrue(d.contains("-b") && d.contains("+B"), d);
        String end = DiffUb.describe("a\nb\n", "a\n");
        assertTrue(end.contains("+<end of output>"), end);
    }
}
