package dev.hindsight.history;

/**
 * The class of a traced instruction as the history needs it (gdb's {@code btrace_insn_class}):
 * only near calls, returns and jumps shape function segments; everything else, conditional
 * jumps and far transfers included, is {@link #OTHER}.
 */
public enum InsnKind {
    OTHER, CALL, RETURN, JUMP
}
