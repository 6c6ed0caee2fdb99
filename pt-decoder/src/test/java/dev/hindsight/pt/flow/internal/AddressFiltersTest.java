package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.query.AddressFilter;
import org.junit.jupiter.api.Test;

class AddressFiltersTest {
    @Test
    void shouldTraceEverythingWithoutRanges() {
        assertTrue(AddressFilters.traced(AddressFilter.NONE, 0x1234));
    }

    @Test
    void shouldTraceOnlyInsideFilterRanges() {
        AddressFilter f = AddressFilter.NONE.withRange(0, AddressFilter.CFG_FILTER, 0x1000, 0x10ff);
        assertTrue(AddressFilters.traced(f, 0x1000));
        assertTrue(AddressFilters.traced(f, 0x10ff));
        assertFalse(AddressFilters.traced(f, 0x1100));
        assertFalse(AddressFilters.traced(f, 0xfff));
    }

    @Test
    void shouldNotTraceInsideStopRanges() {
        AddressFilter f = AddressFilter.NONE.withRange(1, AddressFilter.CFG_STOP, 0x2000, 0x2fff);
        assertFalse(AddressFilters.traced(f, 0x2800));
        assertTrue(AddressFilters.traced(f, 0x3000));
    }
}
