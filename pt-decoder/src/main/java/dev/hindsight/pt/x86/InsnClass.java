package dev.hindsight.pt.x86;

/**
 * The coarse class of an instruction, enough to reconstruct the execution flow.
 *
 * <p>libipt's {@code enum pt_insn_class} at master, in the same order ({@code ptic_unknown} = 0).
 */
public enum InsnClass {
    /** Not classified: decode failed (libipt's {@code ptic_unknown}, formerly {@code ptic_error}). */
    UNKNOWN,
    /** Anything not listed below. */
    OTHER,
    /** A near call. */
    CALL,
    /** A near return. */
    RETURN,
    /** A near unconditional jump. */
    JUMP,
    /** A near conditional jump (Jcc, JrCXZ, LOOP*). */
    COND_JUMP,
    /** A call-like far transfer, e.g. SYSCALL, SYSENTER, INT n, far CALL. */
    FAR_CALL,
    /** A return-like far transfer, e.g. SYSRET, SYSEXIT, IRET, far RET. */
    FAR_RETURN,
    /** A jump-like far transfer, e.g. far JMP. */
    FAR_JUMP,
    /** A PTWRITE. */
    PTWRITE,
    /** An indirect jump or far transfer (libipt 2.1 block decoder; the ILD never returns it). */
    INDIRECT;

    /** Whether this is a near or far branch (libipt's {@code pt_insn_is_branch}). */
    public boolean isBranch() {
        switch (this) {
            case CALL, RETURN, JUMP, COND_JUMP, FAR_CALL, FAR_RETURN, FAR_JUMP, INDIRECT:
                return true;
            default:
                return false;
        }
    }

    /** Whether this is a far branch (libipt's {@code pt_insn_is_far_branch}). */
    public boolean isFarBranch() {
        return this == FAR_CALL || this == FAR_RETURN || this == FAR_JUMP;
    }
}
