/**
 * The reference backend: libipt's own instruction and block decoders (Debian's libipt2, 2.0.5)
 * bound through JNA, used to cross-check and measure Hindsight's decoders.
 *
 * <p>Layer: beside {@code dev.hindsight.pt.flow}, whose holders and interfaces it fills; imports
 * {@code dev.hindsight.pt}, {@code .flow}, {@code .query}, {@code .image} and {@code .x86}. JNA
 * types stay in {@code .internal}. Arguments are never null unless a method says so.
 */
package dev.hindsight.pt.libipt;
