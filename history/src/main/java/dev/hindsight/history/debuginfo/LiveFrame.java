package dev.hindsight.history.debuginfo;


/**
 * One frame of a live thread's stack as the CFI unwinder finds it: its pc, the registers it has
 * (DWARF numbering: rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8..r15, 16: rip, 17..32: the low 64
 * bits of xmm0..xmm15) and, once its
 * caller was unwound, its canonical frame address.
 */
final class LiveFrame {
    /** gdb's x86-64 register names by DWARF number (SysV ABI figure 3.36). */
    static final String[] NAMES = {"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
        "r12", "r13", "r14", "r15", "rip", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
        "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"};
    static final int RSP = 7;
    static final int RIP = 16;

    /** Its level in the backtrace (0: innermost), set as frames are added. */
    int level;
    final long pc;
    /** Whether gdb's tail-call unwinder made it (a function that tail-called its callee), not the CFI. */
    boolean tailCall;
    final long[] registers = new long[CfaRules.REGISTERS];
    final boolean[] known = new boolean[CfaRules.REGISTERS];
    /** The CFA, or {@code null} until computed (or when it cannot be). */
    Long cfa;

    LiveFrame(int level, long pc) {
        this.level = level;
        this.pc = pc;
    }

    /** The address gdb looks the frame's function, lines and rules up at: the pc, a caller's minus one. */
    long addressInBlock() {
        return level == 0 ? pc : pc - 1;
    }

    /** Register {@code reg}'s value, or {@code null} if this frame does not have it. */
    Long register(int reg) {
        return reg >= 0 && reg < known.length && known[reg] ? registers[reg] : null;
    }

    void set(int reg, long value) {
        registers[reg] = value;
        known[reg] = true;
    }
}
