package dev.hindsight.collect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

/** Pins the binding of the six-argument functions, whose last argument jnr-ffi once dropped. */
class LibCTest {
    @Test
    void shouldPassTheSixthArgumentOfMmap() {
        LibC libc = Native.libc();
        // MAP_PRIVATE | MAP_ANONYMOUS, offset 0: a garbage offset makes this EINVAL.
        long a = libc.mmap(0, 4096, 3, 0x22, -1, 0, 0);
        assertNotEquals(-1L, a, "errno " + Native.errno());
        assertEquals(0, libc.munmap(a, 4096));
    }

    @Test
    void shouldPassTheSixthArgumentOfProcessVmReadv() {
        LibC libc = Native.libc();
        Pointer src = Memory.allocateDirect(Native.runtime(), 8);
        src.putLong(0, 0x1122334455667788L);
        Pointer dst = Memory.allocateDirect(Native.runtime(), 8);
        Pointer iov = Memory.allocateDirect(Native.runtime(), 32);
        iov.putAddress(0, dst.address());
        iov.putLong(8, 8);
        iov.putAddress(16, src.address());
        iov.putLong(24, 8);
        int pid = (int) ProcessHandle.current().pid();
        // flags must arrive as 0, or the call fails with EINVAL.
        assertEquals(8L, libc.process_vm_readv(pid, iov.address(), 1, iov.address() + 16, 1, 0,
                0), "errno " + Native.errno());
        assertEquals(0x1122334455667788L, dst.getLong(0));
    }
}
