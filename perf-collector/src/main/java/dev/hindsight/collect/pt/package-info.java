/**
 * Layer perf-collector: Intel PT collection through the {@code intel_pt} perf PMU. PMU discovery
 * from sysfs ({@link dev.hindsight.collect.pt.PtPmu}), the attr
 * ({@link dev.hindsight.collect.pt.PtAttr}), the AUX area reader for full and snapshot mode
 * ({@link dev.hindsight.collect.pt.AuxReader}) and the data ring's sideband and gap records
 * ({@link dev.hindsight.collect.pt.SidebandCollector}). Everything but the live collector works
 * on plain files and buffers, so it is tested without the hardware.
 */
package dev.hindsight.collect.pt;
