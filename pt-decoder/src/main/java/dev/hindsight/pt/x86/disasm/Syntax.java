package dev.hindsight.pt.x86.disasm;

/** An assembler syntax for disassembly text. */
public enum Syntax {
    /** AT&amp;T syntax ({@code movq %rsp, %rbp}), as gdb and objdump print by default. */
    ATT,
    /** Intel syntax ({@code mov rbp, rsp}). */
    INTEL
}
