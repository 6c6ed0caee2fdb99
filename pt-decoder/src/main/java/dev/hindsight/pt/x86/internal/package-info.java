/**
 * Non-API tables of the x86 instruction length decoder, layer {@code pt-decoder/x86}.
 *
 * <p>Not for use outside {@code dev.hindsight.pt.x86}; may change without notice.
 */
package dev.hindsight.pt.x86.internal;
