package dev.hindsight.pt.x86.disasm;

import dev.hindsight.pt.x86.DecodedInsn;
import java.util.Optional;

/**
 * A disassembler for one execution mode and syntax.
 *
 * <p>Not thread-safe: use one instance per thread. Close it to free native resources.
 */
public interface Disassembler extends AutoCloseable {

    /**
     * Disassembles the instruction at {@code code[off]}.
     *
     * @param code the memory holding the instruction
     * @param off where it starts
     * @param len how many bytes are valid (at most 15 are used)
     * @param address the instruction's address (for branch targets in the text)
     * @return the instruction, or empty if the bytes are not an instruction the disassembler knows
     */
    Optional<DisassembledInsn> disassemble(byte[] code, int off, int len, long address);

    /**
     * The length of the instruction at {@code code[off]}, without building any text.
     *
     * @return the length in bytes, or -1 if the bytes are not an instruction it knows
     */
    int length(byte[] code, int off, int len, long address);

    /**
     * Whether the disassembler agrees that the instruction at {@code code[off]} is {@code size}
     * bytes long; the check behind ptxed's {@code --check}.
     */
    default boolean agreesOnSize(byte[] code, int off, int len, long address, int size) {
        return length(code, off, len, address) == size;
    }

    /**
     * Whether the disassembler agrees with the length {@link dev.hindsight.pt.x86.InsnDecoder}
     * found for the instruction at {@code code[off]} (ptxed's {@code --check}).
     *
     * @param insn an instruction decoded from the same bytes; its ip is used as the address
     */
    default boolean agreesWith(byte[] code, int off, int len, DecodedInsn insn) {
        return agreesOnSize(code, off, len, insn.ip(), insn.size());
    }

    /** Frees native resources; further use fails with {@link IllegalStateException}. */
    @Override
    void close();
}
