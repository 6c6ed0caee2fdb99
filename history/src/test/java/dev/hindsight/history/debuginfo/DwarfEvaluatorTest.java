package dev.hindsight.history.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DWARF expressions evaluated with fake registers, memory, frame base, CFA and entry values. */
class DwarfEvaluatorTest {
    /** rsp = 0x7000, rbx = 5, rdi = 0x41; memory: 8 bytes at 0x7010; CFA 0x7020; frame base 0x7030; entry rdi = 9. */
    private final DwarfEvaluator.Frame frame = new DwarfEvaluator.Frame() {
        final Map<Integer, Long> regs = new HashMap<>(Map.of(7, 0x7000L, 3, 5L, 5, 0x41L, 17, 0x4004000000000000L));

        @Override
        public Long register(int reg) {
            return regs.get(reg);
        }

        @Override
        public Long memory(long address, int size) {
            if (address < 0x7010 || address + size > 0x7018) {
                return null;
            }
            long v = 0x1122334455667788L >>> (8 * (address - 0x7010));
            return size == 8 ? v : v & ((1L << (8 * size)) - 1);
        }

        @Override
        public Long frameBase() {
            return 0x7030L;
        }

        @Override
        public Long cfa() {
            return 0x7020L;
        }

        @Override
        public Long entryValue(int reg) {
            return reg == 5 ? 9L : null;
        }
    };

    private DwarfEvaluator.Result eval(int... ops) {
        byte[] e = new byte[ops.length];
        for (int i = 0; i < ops.length; i++) {
            e[i] = (byte) ops[i];
        }
        return DwarfEvaluator.evaluate(e, 0x1000, frame, null);
    }

    private static DwarfEvaluator.Result r(int kind, long value) {
        return new DwarfEvaluator.Result(kind, value);
    }

    @Test
    void shouldLocateInRegistersAndMemory() {
        assertEquals(r(DwarfEvaluator.REGISTER, 3), eval(0x53));                          // DW_OP_reg3
        assertEquals(r(DwarfEvaluator.REGISTER, 17), eval(0x90, 17));                     // DW_OP_regx 17
        assertEquals(r(DwarfEvaluator.MEMORY, 0x7010), eval(0x77, 0x10));                 // DW_OP_breg7 16
        assertEquals(r(DwarfEvaluator.MEMORY, 0x7030 - 20), eval(0x91, 0x6c));            // DW_OP_fbreg -20
        assertEquals(r(DwarfEvaluator.MEMORY, 0x7020), eval(0x9c));                       // DW_OP_call_frame_cfa
        assertEquals(r(DwarfEvaluator.MEMORY, 0x2010), eval(0x03, 0x10, 0x10, 0, 0, 0, 0, 0, 0)); // DW_OP_addr + bias
        assertEquals(r(DwarfEvaluator.MEMORY, 0x7008), eval(0x92, 7, 8));                 // DW_OP_bregx rsp 8
    }

    @Test
    void shouldComputeValues() {
        assertEquals(r(DwarfEvaluator.VALUE, 6), eval(0x73, 1, 0x9f));                   // rbx+1, stack_value
        assertEquals(r(DwarfEvaluator.VALUE, 0x55667788L), eval(0x77, 0x10, 0x94, 4, 0x9f)); // deref_size 4
        assertEquals(r(DwarfEvaluator.VALUE, 9), eval(0x3a, 0x33, 0x1c, 0x32, 0x22, 0x9f)); // 10-3+2
        assertEquals(r(DwarfEvaluator.VALUE, 40), eval(0x35, 0x33, 0x24, 0x9f));          // 5<<3
        assertEquals(r(DwarfEvaluator.VALUE, 1), eval(0x35, 0x33, 0x2a, 0x9f));           // 5>=3
        assertEquals(r(DwarfEvaluator.VALUE, 0x12), eval(0x10, 0x12, 0x9f));              // constu
        assertEquals(r(DwarfEvaluator.VALUE, -2), eval(0x11, 0x7e, 0x9f));                // consts -2
        assertEquals(r(DwarfEvaluator.VALUE, 0xbeef), eval(0x9e, 2, 0xef, 0xbe));          // implicit_value
        // bra taken (1) jumps over "lit7 skip+1" to lit8; not taken (0) pushes 7 and skips lit8
        assertEquals(r(DwarfEvaluator.VALUE, 8), eval(0x31, 0x28, 4, 0, 0x37, 0x2f, 1, 0, 0x38, 0x9f));
        assertEquals(r(DwarfEvaluator.VALUE, 7), eval(0x30, 0x28, 4, 0, 0x37, 0x2f, 1, 0, 0x38, 0x9f));
        assertEquals(r(DwarfEvaluator.VALUE, 9), eval(0xa3, 1, 0x55, 0x9f));              // entry_value(rdi)
        assertEquals(r(DwarfEvaluator.VALUE, 10), eval(0xf3, 1, 0x55, 0x23, 1, 0x9f));     // GNU_entry_value + 1
        assertEquals(r(DwarfEvaluator.VALUE, 0x4004000000000000L),
                eval(0xa4, 0x2a, 8, 0, 0, 0, 0, 0, 0, 4, 0x40, 0x9f));                     // const_type 2.5
        assertEquals(r(DwarfEvaluator.VALUE, 0x4004000000000000L), eval(0xa5, 17, 0x31, 0x9f)); // regval_type xmm0
    }

    @Test
    void shouldAssemblePiecesOfRegistersAndValues() {
        // rbx's low 4 bytes, then the constant 2 as the high 4 bytes
        assertEquals(r(DwarfEvaluator.VALUE, 0x200000005L), eval(0x53, 0x93, 4, 0x32, 0x9f, 0x93, 4));
    }

    @Test
    void shouldTellWhatCannotBeEvaluated() {
        assertEquals(r(DwarfEvaluator.OPTIMIZED_OUT, 0), eval(0xa3, 1, 0x54, 0x9f));      // no entry value of rsi
        assertEquals(r(DwarfEvaluator.NOT_SAVED, 12), eval(0x7c, 0));                      // breg12: not saved
        assertEquals(r(DwarfEvaluator.MEMORY_ERROR, 0x7000), eval(0x77, 0, 0x06));          // deref of unreadable memory
        assertEquals(r(DwarfEvaluator.UNSUPPORTED, 0), eval(0xe0));                         // TLS: not evaluated
        assertEquals(r(DwarfEvaluator.UNSUPPORTED, 0), eval(0x77));                         // truncated
        assertEquals(r(DwarfEvaluator.OPTIMIZED_OUT, 0), eval());                           // empty
        assertEquals(r(DwarfEvaluator.OPTIMIZED_OUT, 0), eval(0x93, 4));                    // an empty piece
    }

    @Test
    void shouldGiveAddressesForCfaExpressions() {
        // the PLT's CFA: rsp+8 + ((rip & 15) >= 11) << 3
        byte[] plt = {0x77, 8, (byte) 0x80, 0, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22};
        DwarfEvaluator.Frame at = new DwarfEvaluator.Frame() {
            @Override
            public Long register(int reg) {
                return reg == 7 ? 0x7000L : reg == 16 ? 0x102cL : null;
            }

            @Override
            public Long memory(long address, int size) {
                return null;
            }

            @Override
            public Long frameBase() {
                return null;
            }

            @Override
            public Long cfa() {
                return null;
            }

            @Override
            public Long entryValue(int reg) {
                return null;
            }
        };
        assertEquals(0x7010L, DwarfEvaluator.address(plt, 0, at, null));
        assertEquals(0x7028L, DwarfEvaluator.address(new byte[] {0x23, 8}, 0, at, 0x7020L)); // CFA pushed, +8
        assertEquals(0x7000L, DwarfEvaluator.address(new byte[] {0x57}, 0, at, null));       // a register's value
        assertNull(DwarfEvaluator.address(new byte[] {(byte) 0x9c}, 0, at, null));                  // no CFA
    }
}
