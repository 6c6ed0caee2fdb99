/**
 * The flow layer of the PT decoder ({@code pt-decoder/flow}): events from the query layer plus
 * instructions from a memory image give the executed instruction flow, as libipt master's block
 * decoder ({@link dev.hindsight.pt.flow.BlockDecoder}) and instruction decoder
 * ({@link dev.hindsight.pt.flow.InsnDecoder}, built on the block decoder).
 *
 * <p>Depends on {@code dev.hindsight.pt.query}, {@code dev.hindsight.pt.image} and
 * {@code dev.hindsight.pt.x86}. Hot paths fill caller-owned holders and return a status int
 * ({@code >= 0}: {@link dev.hindsight.pt.query.StatusFlag} bits, {@code < 0}:
 * {@code -PtError.code()}).
 */
package dev.hindsight.pt.flow;
