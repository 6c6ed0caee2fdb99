/**
 * Layer perf-collector: BTS collection through perf, configured as gdb configures it (spec §10.1):
 * the attr ({@link dev.hindsight.collect.bts.BtsAttr}), the read-only (overwrite) data ring read
 * as branch samples ({@link dev.hindsight.collect.bts.BtsRingReader}), the kernel-address filter
 * ({@link dev.hindsight.collect.bts.KernelStart}), written as the same 24-byte DS records the
 * software recorder writes.
 */
package dev.hindsight.collect.bts;
