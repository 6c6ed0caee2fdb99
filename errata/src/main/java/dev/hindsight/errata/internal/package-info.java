/**
 * Layer 1 (errata), not API: number parsing with C {@code strtol} rules and the
 * {@code /proc/cpuinfo} reader behind {@link dev.hindsight.errata.CpuId#parse(String)}.
 */
package dev.hindsight.errata.internal;
