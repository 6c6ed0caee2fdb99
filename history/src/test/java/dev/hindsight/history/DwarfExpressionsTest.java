package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** DWARF expressions as replay sees them: hand-built bytes, the forms gcc emits. */
class DwarfExpressionsTest {
    private static long[] location(int... bytes) {
        return DwarfExpressions.classify(buffer(bytes), 1, bytes.length, false);
    }

    private static long[] value(int... bytes) {
        return DwarfExpressions.classify(buffer(bytes), 1, bytes.length, true);
    }

    /** The bytes after one byte of padding, so offsets are exercised. */
    private static ByteBuffer buffer(int... bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 1);
        b.put((byte) 0x96);
        for (int x : bytes) {
            b.put((byte) x);
        }
        return b.flip();
    }

    private static long[] kind(int kind, long value) {
        return new long[] {kind, value};
    }

    @Test
    void shouldTellRegistersFromMemoryAndConstantsInLocations() {
        assertNull(location());
        assertArrayEquals(kind(DwarfFunctions.REGISTER, 5), location(0x55)); // DW_OP_reg5
        assertArrayEquals(kind(DwarfFunctions.REGISTER, 17), location(0x90, 17)); // DW_OP_regx 17
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), location(0x91, 0x6c)); // DW_OP_fbreg -20
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), location(0x03, 0x10, 0x40, 0, 0, 0, 0, 0, 0)); // addr
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, 5), location(0x35, 0x9f)); // lit5; stack_value
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, -2), location(0x11, 0x7e, 0x9f)); // consts -2
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, 1), location(0x9e, 4, 1, 0, 0, 0)); // implicit_value
        // Pieces of registers: not one register, so no entry value for it.
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), location(0x55, 0x93, 8, 0x54, 0x93, 8));
    }

    @Test
    void shouldTellEntryValuesAndExpressionsOnThem() {
        // DW_OP_entry_value(DW_OP_reg5); DW_OP_stack_value
        assertArrayEquals(kind(DwarfFunctions.ENTRY_VALUE, 5), location(0xa3, 1, 0x55, 0x9f));
        // The same with DW_OP_GNU_entry_value
        assertArrayEquals(kind(DwarfFunctions.ENTRY_VALUE, 4), location(0xf3, 1, 0x54, 0x9f));
        // ...; DW_OP_plus_uconst 1; DW_OP_stack_value
        assertArrayEquals(kind(DwarfFunctions.ENTRY_EXPRESSION, 5), location(0xa3, 1, 0x55, 0x23, 1, 0x9f));
        // A register read before the entry value decides: unavailable.
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), location(0x76, 0, 0xa3, 1, 0x55, 0x22, 0x9f));
    }

    @Test
    void shouldReadCallSiteValuesAsValueExpressions() {
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, 2), value(0x32)); // DW_OP_lit2
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, 97), value(0x08, 0x61)); // DW_OP_const1u 97
        assertArrayEquals(kind(DwarfFunctions.CONSTANT, Double.doubleToLongBits(1.5)),
                value(0xa4, 0x2a, 8, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f)); // DW_OP_const_type double 1.5
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), value(0x76, 0)); // DW_OP_breg6 0
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), value(0x91, 0x50)); // DW_OP_fbreg -48
        assertArrayEquals(kind(DwarfFunctions.ENTRY_VALUE, 5), value(0xa3, 1, 0x55));
        assertArrayEquals(kind(DwarfFunctions.ENTRY_EXPRESSION, 5), value(0xa3, 1, 0x55, 0x23, 1));
        // An operation we do not know reads state as far as we can tell.
        assertArrayEquals(kind(DwarfFunctions.UNAVAILABLE, 0), value(0xe5));
    }
}
