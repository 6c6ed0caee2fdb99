package dev.hindsight.pt.x86.disasm;

import dev.hindsight.pt.x86.ExecMode;

/** Opens Capstone in a fresh JVM and prints the outcome, for the missing-library test. */
public final class CapstoneProbe {
    private CapstoneProbe() {
    }

    /** Prints "ok" or the exception's class and message. */
    public static void main(String[] args) {
        try (CapstoneDisassembler d = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT)) {
            System.out.println(d.mode() == ExecMode.BITS_64 ? "ok" : "wrong mode");
        } catch (DisassemblerUnavailableException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
