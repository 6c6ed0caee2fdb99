package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.Native;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A mutable holder of one thread's general registers, laid out as the kernel's x86-64
 * {@code struct user_regs_struct} in direct memory so PTRACE_GETREGS fills it without a copy.
 * Reuse one instance per thread; it is overwritten by every {@link Ptrace#getRegs}.
 */
public final class Registers {
    /** The names of the 27 slots, in {@code struct user_regs_struct} order. */
    public static final String[] NAMES = {"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10",
        "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss",
        "fs_base", "gs_base", "ds", "es", "fs", "gs"};
    /** Slot of rip. */
    public static final int RIP = 16;
    /** Slot of rsp. */
    public static final int RSP = 19;
    /** Slot of rax. */
    public static final int RAX = 10;
    /** Slot of orig_rax (the syscall number at a syscall stop). */
    public static final int ORIG_RAX = 15;
    /** Slot of cs. */
    public static final int CS = 17;
    /** Slot of eflags. */
    public static final int EFLAGS = 18;

    private final Pointer memory = Memory.allocateDirect(Native.runtime(), NAMES.length * 8);
    private final long address = memory.address();

    /** A zeroed holder. */
    public Registers() {
    }

    long address() {
        return address;
    }

    /** The instruction pointer. */
    public long rip() {
        return memory.getLong(RIP * 8L);
    }

    /** The stack pointer. */
    public long rsp() {
        return memory.getLong(RSP * 8L);
    }

    /** The register in {@code slot} (an index into {@link #NAMES}). */
    public long get(int slot) {
        return memory.getLong(slot * 8L);
    }
}
