package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ElfOptionTest {

    @Test
    void shouldReadBaseAfterLastColon() {
        assertEquals(new ElfOption("libc.so.6", 0x7ffff7dd5000L),
                ElfOption.parse("libc.so.6:0x7ffff7dd5000"));
    }

    @Test
    void shouldTakeWholeArgumentAsFileWithoutNumericBase() {
        assertEquals(new ElfOption("prog", 0), ElfOption.parse("prog"));
        assertEquals(new ElfOption("c:prog", 0), ElfOption.parse("c:prog"));
        assertEquals(new ElfOption("prog:", 0), ElfOption.parse("prog:"));
    }
}
