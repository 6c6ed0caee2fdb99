package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hindsight.pt.image.Section;
import dev.hindsight.pt.x86.ExecMode;
import org.junit.jupiter.api.Test;

class BlockCacheTableTest {
    @Test
    void shouldStartWithInvalidEntriesOnePerByte() {
        BlockCacheTable table = BlockCacheTable.forSection(Section.ofBytes("s", new byte[7]));
        assertEquals(7, table.size());
        for (int i = 0; i < 7; i++) {
            assertFalse(BlockCache.isValid(table.get(i)));
        }
    }

    @Test
    void shouldKeepEntriesAndDisplacementsOfASmallSection() {
        BlockCacheTable table = new BlockCacheTable(100);
        int a = BlockCache.entry(1, 2, ExecMode.BITS_64, BlockCache.COND, 2);
        table.set(99, a, -70000);
        table.set(0, a);
        assertEquals(a, table.get(99));
        assertEquals(-70000, table.displacement(99));
        assertEquals(a, table.get(0));
        assertEquals(0, table.displacement(0));
        assertEquals(0, table.get(98));
    }

    @Test
    void shouldKeepEntriesAcrossPagesOfALargeSection() {
        int size = BlockCacheTable.FLAT_MAX + 3 * BlockCacheTable.PAGE_SIZE + 5;
        BlockCacheTable table = new BlockCacheTable(size);
        int a = BlockCache.entry(1, 2, ExecMode.BITS_64, BlockCache.COND, 2);
        int b = BlockCache.entry(-4, 9, ExecMode.BITS_32, BlockCache.RETURN, 1);
        table.set(0, a);
        table.set(size - 1, b);
        table.set(BlockCacheTable.PAGE_SIZE, b);
        assertEquals(a, table.get(0));
        assertEquals(b, table.get(size - 1));
        assertEquals(b, table.get(BlockCacheTable.PAGE_SIZE));
        assertEquals(0, table.get(1));
        assertEquals(0, table.get(BlockCacheTable.PAGE_SIZE - 1));
        assertEquals(0, table.get(2 * BlockCacheTable.PAGE_SIZE));
        table.set(0, b);
        assertEquals(b, table.get(0));
        table.set(size - 2, a, 1234);
        assertEquals(1234, table.displacement(size - 2));
        assertEquals(a, table.get(size - 2));
        assertEquals(0, table.displacement(size - 1));
    }

    @Test
    void shouldGiveEntryAndDisplacementAsOnePair() {
        for (int size : new int[] {100, BlockCacheTable.FLAT_MAX + 1}) {
            BlockCacheTable table = new BlockCacheTable(size);
            // An instruction size of 7 sets the entry's sign bit: it must not leak upwards.
            int a = BlockCache.entry(-3, 4, ExecMode.BITS_64, BlockCache.DIRECT_CALL, 7);
            table.set(size - 1, a, -70000);
            long pair = table.pair(size - 1);
            assertEquals(a, (int) pair);
            assertEquals(-70000, (int) (pair >> 32));
            assertEquals(-70000L, pair >> 32);
            table.set(size - 1, a);
            assertEquals(a & 0xffffffffL, table.pair(size - 1));
            assertEquals(0, table.pair(0));
        }
    }

    @Test
    void shouldRefuseOffsetsOutsideTheSection() {
        BlockCacheTable small = new BlockCacheTable(10);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> small.set(10, 1));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> small.get(10));
        int size = BlockCacheTable.FLAT_MAX + 1;
        BlockCacheTable large = new BlockCacheTable(size);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> large.set(size, 1));
        assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> large.get(size + BlockCacheTable.PAGE_SIZE));
    }
}
