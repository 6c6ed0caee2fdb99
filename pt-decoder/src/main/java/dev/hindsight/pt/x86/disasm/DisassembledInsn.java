package dev.hindsight.pt.x86.disasm;

/**
 * One disassembled instruction.
 *
 * @param address the instruction's address
 * @param size its length in bytes
 * @param mnemonic the mnemonic, e.g. {@code callq}
 * @param operands the operand text, e.g. {@code 0x401000}; empty if none
 */
public record DisassembledInsn(long address, int size, String mnemonic, String operands) {

    /** The instruction as one line of text: the mnemonic, a space and the operands if any. */
    public String text() {
        return operands.isEmpty() ? mnemonic : mnemonic + " " + operands;
    }
}
