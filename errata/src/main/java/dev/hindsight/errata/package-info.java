/**
 * Layer 1 (errata): CPU identifiers and the table that maps a CPU to the Intel PT erratum
 * workarounds a decoder has to apply.
 *
 * <p>Mirrors libipt's {@code struct pt_cpu}, {@code struct pt_errata}, {@code pt_cpu_parse()} and
 * {@code pt_cpu_errata()}. This package has no dependencies; decoders only test flags with
 * {@link dev.hindsight.errata.Errata#has(Erratum)}. All values here are immutable.
 */
package dev.hindsight.errata;
