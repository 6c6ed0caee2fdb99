/**
 * Layer perf-collector: the trace bundle, one self-contained zip file ({@code .hsb}) holding a
 * recording's manifest, raw per-thread streams (Intel PT bytes or 24-byte BTS records), the perf
 * sideband and copies of every executable image, so that it decodes on another machine.
 *
 * <p>{@link dev.hindsight.collect.bundle.BundleWriter} builds one (visible only once committed);
 * {@link dev.hindsight.collect.bundle.TraceBundle} reads and validates one and hands out what the
 * decoders need ({@link dev.hindsight.collect.bundle.ThreadTrace}). Null is never a valid
 * argument; nullable manifest fields say so.
 */
package dev.hindsight.collect.bundle;
