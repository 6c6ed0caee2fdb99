package dev.hindsight.pt.x86;

import java.util.Set;

/**
 * The {@link InsnClass} an instruction has by its Capstone AT&amp;T mnemonic; the independent
 * oracle of the differential tests.
 */
final class MnemonicClass {
    private static final Set<String> FAR_CALLS = Set.of("int", "int3", "into", "int1", "icebp",
            "syscall", "sysenter", "vmcall");
    private static final Set<String> FAR_RETURNS = Set.of("iret", "iretd", "iretq", "iretw",
            "iretl", "sysret", "sysretl", "sysretq", "sysexit", "sysexitl", "sysexitq", "vmlaunch",
            "vmresume", "uiret", "erets", "eretu");
    private static final Set<String> COND = Set.of("jcxz", "jecxz", "jrcxz", "loop", "loope",
            "loopne");

    private MnemonicClass() {
    }

    static InsnClass of(String mnemonic) {
        // Strip prefixes Capstone prints as part of the mnemonic ("notrack jmpq", "bnd ret").
        String m = mnemonic;
        int space = m.lastIndexOf(' ');
        if (space >= 0) {
            m = m.substring(space + 1);
        }
        if (FAR_CALLS.contains(m)) {
            return InsnClass.FAR_CALL;
        }
        if (FAR_RETURNS.contains(m)) {
            return InsnClass.FAR_RETURN;
        }
        if (COND.contains(m)) {
            return InsnClass.COND_JUMP;
        }
        if (m.startsWith("lcall")) {
            return InsnClass.FAR_CALL;
        }
        if (m.startsWith("ljmp")) {
            return InsnClass.FAR_JUMP;
        }
        if (m.startsWith("lret")) {
            return InsnClass.FAR_RETURN;
        }
        if (m.startsWith("call")) {
            return InsnClass.CALL;
        }
        if (m.startsWith("ret")) {
            return InsnClass.RETURN;
        }
        if (m.startsWith("jmp")) {
            return InsnClass.JUMP;
        }
        if (m.startsWith("j")) {
            return InsnClass.COND_JUMP;
        }
        if (m.startsWith("ptwrite")) {
            return InsnClass.PTWRITE;
        }
        return InsnClass.OTHER;
    }
}
