package dev.hindsight.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hindsight.collect.internal.sys.Native;
import dev.hindsight.collect.sys.ProcessMemory;
import dev.hindsight.pt.x86.ExecMode;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/** Decodes hand-placed instruction bytes in this process's own memory. */
class CodeCacheTest {
    private final ProcessMemory self = new ProcessMemory((int) ProcessHandle.current().pid());

    @Test
    void shouldDecodeLengthsWithinAPage() {
        Pointer p = Memory.allocateDirect(Native.runtime(), 64, true);
        // mov %rsp,%rbp (3); call rel32 (5); jne rel8 (2)
        p.put(0, new byte[] {0x48, (byte) 0x89, (byte) 0xe5, (byte) 0xe8, 1, 2, 3, 4, 0x75, 0x10},
                0, 10);
        CodeCache c = new CodeCache(self);
        assertEquals(3, c.length(p.address(), ExecMode.BITS_64));
        assertEquals(5, c.length(p.address() + 3, ExecMode.BITS_64));
        assertEquals(2, c.length(p.address() + 8, ExecMode.BITS_64));
    }

    @Test
    void shouldJoinAnInstructionThatCrossesAPageBoundary() {
        Pointer p = Memory.allocateDirect(Native.runtime(), 3 * 4096, true);
        long boundary = (p.address() + 4096) & ~4095L;
        // movabs $imm64,%rax: 10 bytes, 4 before the boundary and 6 after it.
        long at = boundary - 4;
        byte[] insn = {0x48, (byte) 0xb8, 1, 2, 3, 4, 5, 6, 7, 8};
        p.put(at - p.address(), insn, 0, insn.length);
        assertEquals(10, new CodeCache(self).length(at, ExecMode.BITS_64));
    }

    @Test
    void shouldReportUnreadableCodeAsNegative() {
        assertTrue(new CodeCache(self).length(8, ExecMode.BITS_64) < 0);
    }
}
