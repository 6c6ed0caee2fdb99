package dev.hindsight.collect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ThreadTableTest {
    @Test
    void shouldAddFindAndRemoveBeyondItsFirstCapacity() {
        ThreadTable t = new ThreadTable();
        for (int tid = 100; tid < 120; tid++) {
            t.getOrAdd(tid).pc = tid * 2L;
        }
        assertEquals(20, t.size());
        assertEquals(230L, t.get(115).pc);
        assertSame(t.get(115), t.getOrAdd(115));
        t.remove(115);
        assertNull(t.get(115));
        assertEquals(19, t.size());
        assertEquals(19, t.all().size());
        assertEquals(238L, t.get(119).pc);
    }
}
