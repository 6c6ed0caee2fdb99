package dev.hindsight.pt.x86;

/**
 * The finer class of an instruction that the flow decoders need beyond {@link InsnClass}.
 *
 * <p>libipt's internal {@code pti_inst_enum_t} ({@code PTI_INST_*}), in the same order. Names
 * keep libipt's opcode suffixes: {@code CALL_FFR2} is {@code FF /2}, {@code RET_C2} is opcode
 * {@code C2}.
 */
public enum InsnExtClass {
    /** Not one of the instructions below (libipt's {@code PTI_INST_INVALID}). */
    INVALID,
    CALL_9A,
    CALL_FFR3,
    CALL_FFR2,
    CALL_E8,
    INT,
    INT3,
    INT1,
    INTO,
    /** IRET, IRETD and IRETQ. */
    IRET,
    JMP_E9,
    JMP_EB,
    JMP_EA,
    JMP_FFR5,
    JMP_FFR4,
    JCC,
    JRCXZ,
    LOOP,
    LOOPE,
    LOOPNE,
    MOV_CR3,
    RET_C3,
    RET_C2,
    RET_CB,
    RET_CA,
    SYSCALL,
    SYSENTER,
    SYSEXIT,
    SYSRET,
    VMLAUNCH,
    VMRESUME,
    VMCALL,
    VMPTRLD,
    PTWRITE,
    UIRET,
    ERETS,
    ERETU,
    /** APX JMPABS (REX2 + A1): a direct jump to an absolute 64-bit address that still gets a TIP. */
    JMPABS;

    /** Whether the instruction changes the privilege level (libipt's {@code pt_insn_changes_cpl}). */
    public boolean changesCpl() {
        switch (this) {
            case INT, INT3, INT1, INTO, IRET, SYSCALL, SYSENTER, SYSEXIT, SYSRET:
                return true;
            default:
                return false;
        }
    }

    /** Whether the instruction writes CR3 (libipt's {@code pt_insn_changes_cr3}). */
    public boolean changesCr3() {
        return this == MOV_CR3;
    }

    /** Whether it returns from an interrupt or system call (libipt's {@code pt_insn_is_iret}). */
    public boolean isIret() {
        return this == IRET || this == SYSRET || this == SYSEXIT || this == ERETS || this == ERETU;
    }

    /** Whether it enters a virtual machine (libipt's {@code pt_insn_is_vmentry}). */
    public boolean isVmentry() {
        return this == VMLAUNCH || this == VMRESUME;
    }

    /** Whether it is UIRET (libipt's {@code pt_insn_is_uiret}). */
    public boolean isUiret() {
        return this == UIRET;
    }
}
