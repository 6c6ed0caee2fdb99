package dev.hindsight.pt.x86.disasm;

/** The disassembler library cannot be loaded; the message says what to install. */
public final class DisassemblerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message a one-line explanation, including how to fix it
     * @param cause the loader's failure, or null
     */
    public DisassemblerUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
