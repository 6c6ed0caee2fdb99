package dev.hindsight.pt.x86;

/**
 * Classifies a length-decoded instruction: libipt's {@code pt_instruction_decode}.
 *
 * <p>Only legacy-encoded instructions in maps 0 and 1 can change the flow; VEX and EVEX ones are
 * always {@link InsnClass#OTHER}. The class depends on the opcode (and ModRM.reg for groups),
 * not on whether the SDM defines that form: libipt classifies {@code FF /3} with a register
 * operand as a far call, and so do we.
 */
final class InsnClassifier {
    private InsnClassifier() {
    }

    /** Fills the classes and branch displacement; returns 0, or negative if the displacement is unreadable. */
    static int classify(byte[] buf, int off, DecodedInsn insn) {
        insn.iclass = InsnClass.OTHER;
        insn.extClass = InsnExtClass.INVALID;
        int map = insn.map;
        if (map > 1 || insn.encoding != DecodedInsn.ENCODING_LEGACY) {
            return 0;
        }
        int opcode = insn.opcode;
        boolean map0 = map == 0;
        boolean map1 = map == 1;
        boolean is64 = insn.modeBits == 64;
        boolean rex2 = insn.rex2;

        // Jcc rel8 (70-7F) and Jcc rel16/32 (0F 80-8F); other opcodes in these rows are ALU ops.
        switch (opcode & 0xf0) {
            case 0x70:
                return map0 && !rex2 ? direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.JCC) : 0;
            case 0x80:
                return map1 && !rex2 ? direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.JCC) : 0;
            default:
                break;
        }

        if (map0) {
            return classifyMap0(buf, off, insn, opcode, is64, rex2);
        }
        return classifyMap1(insn, opcode, rex2);
    }

    private static int classifyMap0(byte[] buf, int off, DecodedInsn insn, int opcode,
            boolean is64, boolean rex2) {
        switch (opcode) {
            case 0x9a:
                if (!is64) {
                    set(insn, InsnClass.FAR_CALL, InsnExtClass.CALL_9A);
                }
                return 0;
            case 0xff:
                switch (InsnDecoder.reg(insn)) {
                    case 2:
                        set(insn, InsnClass.CALL, InsnExtClass.CALL_FFR2);
                        break;
                    case 3:
                        set(insn, InsnClass.FAR_CALL, InsnExtClass.CALL_FFR3);
                        break;
                    case 4:
                        set(insn, InsnClass.JUMP, InsnExtClass.JMP_FFR4);
                        break;
                    case 5:
                        set(insn, InsnClass.FAR_JUMP, InsnExtClass.JMP_FFR5);
                        break;
                    default:
                        break;
                }
                return 0;
            case 0xe8:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.CALL, InsnExtClass.CALL_E8);
            case 0xcd:
                set(insn, InsnClass.FAR_CALL, InsnExtClass.INT);
                return 0;
            case 0xcc:
                set(insn, InsnClass.FAR_CALL, InsnExtClass.INT3);
                return 0;
            case 0xce:
                if (!is64) {
                    set(insn, InsnClass.FAR_CALL, InsnExtClass.INTO);
                }
                return 0;
            case 0xf1:
                set(insn, InsnClass.FAR_CALL, InsnExtClass.INT1);
                return 0;
            case 0xcf:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.IRET);
                return 0;
            case 0xe9:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.JUMP, InsnExtClass.JMP_E9);
            case 0xea:
                // Far jumps are indirect for the flow: the target comes from a TIP.
                if (!is64 && !rex2) {
                    set(insn, InsnClass.FAR_JUMP, InsnExtClass.JMP_EA);
                }
                return 0;
            case 0xeb:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.JUMP, InsnExtClass.JMP_EB);
            case 0xe3:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.JRCXZ);
            case 0xe0:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.LOOPNE);
            case 0xe1:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.LOOPE);
            case 0xe2:
                return rex2 ? 0 : direct(buf, off, insn, InsnClass.COND_JUMP, InsnExtClass.LOOP);
            case 0xc3:
                set(insn, InsnClass.RETURN, InsnExtClass.RET_C3);
                return 0;
            case 0xc2:
                set(insn, InsnClass.RETURN, InsnExtClass.RET_C2);
                return 0;
            case 0xcb:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.RET_CB);
                return 0;
            case 0xca:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.RET_CA);
                return 0;
            case 0xa1:
                // APX JMPABS: REX2 (W=0) A1 with an absolute 64-bit target.
                if (is64 && rex2 && insn.rexW == 0 && !insn.asz && !insn.osz) {
                    return direct(buf, off, insn, InsnClass.JUMP, InsnExtClass.JMPABS);
                }
                return 0;
            default:
                return 0;
        }
    }

    private static int classifyMap1(DecodedInsn insn, int opcode, boolean rex2) {
        switch (opcode) {
            case 0x22:
                // MOV CR3, r: the flow binds it to a PIP; it is no branch.
                if (InsnDecoder.reg(insn) == 3 && insn.rexR == 0) {
                    insn.extClass = InsnExtClass.MOV_CR3;
                }
                return 0;
            case 0x05:
                set(insn, InsnClass.FAR_CALL, InsnExtClass.SYSCALL);
                return 0;
            case 0x34:
                if (!rex2) {
                    set(insn, InsnClass.FAR_CALL, InsnExtClass.SYSENTER);
                }
                return 0;
            case 0x35:
                if (!rex2) {
                    set(insn, InsnClass.FAR_RETURN, InsnExtClass.SYSEXIT);
                }
                return 0;
            case 0x07:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.SYSRET);
                return 0;
            case 0x01:
                classify0f01(insn);
                return 0;
            case 0xc7:
                // VMPTRLD m64 is 0F C7 /6 with a memory operand.
                if ((insn.modrm >> 6) != 3 && InsnDecoder.reg(insn) == 6) {
                    insn.extClass = InsnExtClass.VMPTRLD;
                }
                return 0;
            case 0xae:
                // PTWRITE is F3 0F AE /4 (without 66).
                if (insn.f3 && !insn.osz && InsnDecoder.reg(insn) == 4) {
                    set(insn, InsnClass.PTWRITE, InsnExtClass.PTWRITE);
                }
                return 0;
            default:
                return 0;
        }
    }

    // Group 7 instructions identified by their full ModRM byte.
    private static void classify0f01(DecodedInsn insn) {
        switch (insn.modrm) {
            case 0xc1:
                set(insn, InsnClass.FAR_CALL, InsnExtClass.VMCALL);
                break;
            case 0xc2:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.VMLAUNCH);
                break;
            case 0xc3:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.VMRESUME);
                break;
            case 0xec:
                set(insn, InsnClass.FAR_RETURN, InsnExtClass.UIRET);
                break;
            case 0xca:
                // FRED: F2 0F 01 CA is ERETS, F3 0F 01 CA is ERETU (the last of F2/F3 counts).
                if (insn.lastF2F3 == 2) {
                    set(insn, InsnClass.FAR_RETURN, InsnExtClass.ERETS);
                } else if (insn.lastF2F3 == 3) {
                    set(insn, InsnClass.FAR_RETURN, InsnExtClass.ERETU);
                }
                break;
            default:
                break;
        }
    }

    private static void set(DecodedInsn insn, InsnClass iclass, InsnExtClass extClass) {
        insn.iclass = iclass;
        insn.extClass = extClass;
    }

    // A direct branch: its displacement follows the opcode (libipt's set_branch_target).
    private static int direct(byte[] buf, int off, DecodedInsn insn, InsnClass iclass,
            InsnExtClass extClass) {
        set(insn, iclass, extClass);
        insn.direct = true;
        int p = off + insn.dispPos;
        switch (insn.dispBytes) {
            case 1:
                insn.displacement = buf[p];
                return 0;
            case 2:
                insn.displacement = (short) ((buf[p] & 0xff) | (buf[p + 1] << 8));
                return 0;
            case 4:
                insn.displacement = (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8
                        | (buf[p + 2] & 0xff) << 16 | buf[p + 3] << 24;
                return 0;
            case 8:
                long lo = (buf[p] & 0xffL) | (buf[p + 1] & 0xffL) << 8 | (buf[p + 2] & 0xffL) << 16
                        | (buf[p + 3] & 0xffL) << 24;
                long hi = (buf[p + 4] & 0xffL) | (buf[p + 5] & 0xffL) << 8
                        | (buf[p + 6] & 0xffL) << 16 | (buf[p + 7] & 0xffL) << 24;
                insn.displacement = lo | hi << 32;
                return 0;
            default:
                return -1;
        }
    }
}
