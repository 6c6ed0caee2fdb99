package dev.hindsight.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CNumbersTest {
    @Test
    void shouldReadDecimalHexAndOctal() {
        assertEquals(12, CNumbers.parse("12", 255));
        assertEquals(0x1f, CNumbers.parse("0x1f", 255));
        assertEquals(8, CNumbers.parse("010", 255));
        assertEquals(0, CNumbers.parse("0", 255));
    }

    @Test
    void shouldRejectJunkAndTooBigValues() {
        assertThrows(NumberFormatException.class, () -> CNumbers.parse("12x", 255));
        assertThrows(NumberFormatException.class, () -> CNumbers.parse("-1", 255));
        assertThrows(NumberFormatException.class, () -> CNumbers.parse("256", 255));
        assertThrows(NumberFormatException.class, () -> CNumbers.parse("", 255));
    }
}
