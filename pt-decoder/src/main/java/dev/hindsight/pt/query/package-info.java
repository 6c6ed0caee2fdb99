/**
 * The query layer of the PT decoder: packets to events (libipt's {@code pt_evt} event decoder) and the
 * classic branch/event queries on top of it (libipt's {@code pt_qry} query decoder).
 *
 * <p>{@link dev.hindsight.pt.query.EventDecoder} turns packets into a stream of {@link
 * dev.hindsight.pt.query.PtEvent}s, including {@code tnt} and {@code tip} events for branches, in
 * the order libipt master's event decoder produces them; the block and instruction decoders of the
 * flow layer consume it. {@link dev.hindsight.pt.query.QueryDecoder} offers {@code condBranch},
 * {@code indirectBranch} and {@code event} on top of it, returning {@link
 * dev.hindsight.pt.query.StatusFlag} bits.
 *
 * <p>Hot-path methods fill caller-owned holders and return an int status: {@code >= 0} on success
 * (status flags where documented), {@code -PtError.code()} on failure. Holders are reused; do not
 * keep them across calls.
 */
package dev.hindsight.pt.query;
