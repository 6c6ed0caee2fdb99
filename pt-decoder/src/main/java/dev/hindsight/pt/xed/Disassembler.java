package dev.hindsight.pt.xed;

import dev.hindsight.pt.x86.ExecMode;

/**
 * Instruction text and an independent length decoder for ptxed (XED's role in libipt's ptxed),
 * e.g. Capstone.
 */
public interface Disassembler {
    /**
     * The instruction's text in Intel (or AT&amp;T) syntax.
     *
     * @param raw the bytes
     * @param len the valid bytes
     * @param ip the instruction address (for branch targets)
     * @param mode the execution mode
     * @param att whether to use AT&amp;T syntax
     * @return the text, or null if the bytes do not decode
     */
    String text(byte[] raw, int len, long ip, ExecMode mode, boolean att);

    /**
     * The instruction's length as this disassembler decodes it.
     *
     * @param raw the bytes
     * @param len the valid bytes
     * @param ip the instruction address
     * @param mode the execution mode
     * @return the length, or a negative value if the bytes do not decode
     */
    int length(byte[] raw, int len, long ip, ExecMode mode);
}
