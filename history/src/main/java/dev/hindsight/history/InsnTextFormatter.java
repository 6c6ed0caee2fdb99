package dev.hindsight.history;

/** Turns an instruction's bytes into gdb's disassembly text. */
@FunctionalInterface
public interface InsnTextFormatter {
    /**
     * @param bytes the instruction's bytes from index 0
     * @param len how many bytes are valid
     * @param ip the instruction's address
     * @return the text, e.g. {@code mov    %rsp,%rbp}
     */
    String format(byte[] bytes, int len, long ip);
}
