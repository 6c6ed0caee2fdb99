package dev.hindsight.pt.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressFilterTest {

    @Test
    void shouldHaveNoRangesByDefault() {
        assertFalse(AddressFilter.NONE.isEnabled());
        assertEquals(0, AddressFilter.NONE.addrCfg());
    }

    @Test
    void shouldSetOneRangeAndKeepTheOthers() {
        AddressFilter f = AddressFilter.NONE.withRange(0, AddressFilter.CFG_FILTER, 0x1000, 0x1fff)
                .withRange(2, AddressFilter.CFG_STOP, 0x5000, 0x5fff);
        assertTrue(f.isEnabled());
        assertEquals(1, f.cfg(0));
        assertEquals(0x1000, f.a(0));
        assertEquals(0x1fff, f.b(0));
        assertEquals(0, f.cfg(1));
        assertEquals(2, f.cfg(2));
        assertEquals(0x201, f.addrCfg());
        assertFalse(AddressFilter.NONE.isEnabled(), "immutable");
    }

    @Test
    void shouldUnpackTheRtitCtlLayout() {
        AddressFilter f = AddressFilter.of(0x2001, 0x1000, 0x1fff, 0, 0, 0, 0, 0x9000, 0x9fff);
        assertEquals(1, f.cfg(0));
        assertEquals(0, f.cfg(1));
        assertEquals(0, f.cfg(2));
        assertEquals(2, f.cfg(3));
        assertEquals(0x9000, f.a(3));
        assertEquals(0x9fff, f.b(3));
        assertEquals(f, AddressFilter.NONE.withRange(0, 1, 0x1000, 0x1fff).withRange(3, 2, 0x9000, 0x9fff));
    }

    @Test
    void shouldRejectRangesOutsideZeroToThree() {
        assertThrows(IllegalArgumentException.class, () -> AddressFilter.NONE.cfg(4));
        assertThrows(IllegalArgumentException.class, () -> AddressFilter.NONE.withRange(-1, 1, 0, 0));
    }
}
