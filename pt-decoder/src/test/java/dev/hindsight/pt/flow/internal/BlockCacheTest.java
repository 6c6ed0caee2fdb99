package dev.hindsight.pt.flow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.pt.x86.ExecMode;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
    @Test
    void shouldPackAndUnpackEveryField() {
        int e = BlockCache.entry(-3, 200, ExecMode.BITS_32, BlockCache.RETURN, 5);
        assertTrue(BlockCache.isValid(e));
        assertEquals(-3, BlockCache.displacement(e));
        assertEquals(200, BlockCache.ninsn(e));
        assertEquals(ExecMode.BITS_32, BlockCache.mode(e));
        assertEquals(BlockCache.RETURN, BlockCache.qualifier(e));
        assertEquals(5, BlockCache.isize(e));
    }

    @Test
    void shouldDropInstructionSizesThatDoNotFitThreeBits() {
        int e = BlockCache.entry(0, 1, ExecMode.BITS_64, BlockCache.COND, 9);
        assertEquals(0, BlockCache.isize(e));
    }

    @Test
    void shouldKeepModeAndQualifierWhenExtendingAnEntry() {
        int e = BlockCache.entry(2, 1, ExecMode.BITS_64, BlockCache.IND_CALL, 3);
        int f = BlockCache.withSteps(e, -32768, 255);
        assertEquals(-32768, BlockCache.displacement(f));
        assertEquals(255, BlockCache.ninsn(f));
        assertEquals(ExecMode.BITS_64, BlockCache.mode(f));
        assertEquals(BlockCache.IND_CALL, BlockCache.qualifier(f));
        assertEquals(3, BlockCache.isize(f));
    }

    @Test
    void shouldTreatUnknownModeAsInvalid() {
        assertFalse(BlockCache.isValid(BlockCache.entry(1, 1, ExecMode.UNKNOWN,
                BlockCache.AGAIN, 0)));
    }
}
