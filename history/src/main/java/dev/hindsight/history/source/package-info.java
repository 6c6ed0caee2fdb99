/**
 * {@link dev.hindsight.history.InstructionSource}s over BTS blocks and Intel PT traces: the
 * decoders' output turned into gdb's instructions and gaps (spec §9.4-9.5).
 *
 * <p>Layer: history; imports {@code dev.hindsight.bts} and {@code dev.hindsight.pt}.
 */
package dev.hindsight.history.source;
