/**
 * Linux perf_event sideband for Intel PT decoding: the perf record reader, the sideband session
 * that merges sideband files in time order with the trace, and the per-process contexts whose
 * memory maps tell the flow decoder which image to decode with.
 *
 * <p>Layer: {@code pt-decoder}, beside {@code flow}; mirrors libipt's {@code pevent} and
 * {@code libipt-sb} libraries. It may import {@code dev.hindsight.pt} and
 * {@code dev.hindsight.pt.image}; it knows nothing of packets or of the flow decoders, which call
 * it with {@link dev.hindsight.pt.sideband.SidebandEvent} values (filled from
 * {@code dev.hindsight.pt.query.PtEvent}s).
 *
 * <p>Null rules: parameters and return values are never null unless a method says otherwise.
 * Numbers that perf defines as unsigned (addresses, times, sizes) are carried in {@code long} and
 * {@code int} and compared unsigned.
 */
package dev.hindsight.pt.sideband;
