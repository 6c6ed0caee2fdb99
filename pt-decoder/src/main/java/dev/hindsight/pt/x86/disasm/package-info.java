/**
 * Disassembly text for x86 instructions, layer {@code pt-decoder/x86}.
 *
 * <p>{@link dev.hindsight.pt.x86.disasm.Disassembler} is the facade;
 * {@link dev.hindsight.pt.x86.disasm.CapstoneDisassembler} implements it with Capstone 4
 * ({@code libcapstone.so.4}, Debian package {@code libcapstone4}) through JNA. JNA types stay in
 * the {@code .internal} package. Used for history listings and to cross-check the pure-Java
 * {@link dev.hindsight.pt.x86.InsnDecoder} (ptxed's {@code --check}).
 *
 * <p>May import {@code dev.hindsight.pt.x86}. Arguments are never null.
 */
package dev.hindsight.pt.x86.disasm;
