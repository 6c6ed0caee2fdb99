package dev.hindsight.pt.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AsidTest {

    @Test
    void shouldMatchEverythingWhenNothingIsGiven() {
        assertTrue(Asid.ANY.matches(Asid.ofCr3(0x1000)));
        assertTrue(Asid.ofCr3(0x1000).matches(Asid.ANY));
        assertTrue(Asid.ANY.matches(new Asid(1, 2)));
    }

    @Test
    void shouldCompareGivenFields() {
        assertTrue(Asid.ofCr3(0x1000).matches(Asid.ofCr3(0x1000)));
        assertFalse(Asid.ofCr3(0x1000).matches(Asid.ofCr3(0x2000)));
        assertTrue(Asid.ofCr3(0x1000).matches(new Asid(0x1000, 0x5000)));
        assertFalse(new Asid(0x1000, 0x5000).matches(new Asid(0x1000, 0x6000)));
        assertTrue(new Asid(Asid.NO_CR3, 0x5000).matches(new Asid(0x1000, 0x5000)));
    }

    @Test
    void shouldPrintReadably() {
        assertEquals("any", Asid.ANY.toString());
        assertEquals("cr3=1000,vmcs=any", Asid.ofCr3(0x1000).toString());
    }
}
