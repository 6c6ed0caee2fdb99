/**
 * The x86 instruction length and class decoder (ILD), layer {@code pt-decoder/x86}.
 *
 * <p>Mirrors libipt's {@code pt_ild}: {@link dev.hindsight.pt.x86.InsnDecoder} finds an
 * instruction's length, its coarse class ({@link dev.hindsight.pt.x86.InsnClass}, libipt's
 * {@code enum pt_insn_class}), its finer class ({@link dev.hindsight.pt.x86.InsnExtClass}, libipt's
 * {@code pti_inst_enum_t}) and the displacement of direct branches. It is pure Java, table driven
 * and allocates nothing per instruction: results go into a caller-owned
 * {@link dev.hindsight.pt.x86.DecodedInsn}.
 *
 * <p>May import {@code dev.hindsight.pt} (errors) only. Arguments are never null unless a method
 * says otherwise.
 */
package dev.hindsight.pt.x86;
