/**
 * Non-API JNA binding of Capstone 4, layer {@code pt-decoder/x86}.
 *
 * <p>Copies the C declarations of {@code capstone.h} (4.0.2) exactly; nothing here may leak
 * {@code Pointer} or {@code Structure} types to callers outside
 * {@code dev.hindsight.pt.x86.disasm}.
 */
package dev.hindsight.pt.x86.disasm.internal;
