/**
 * The reference backend: libipt's own instruction and block decoders (Debian's libipt2, 2.0.5)
 * bound through JNA, used to cross-check and measure Hindsight's decoders.
 *
 * <p>Layer: beside {@code dev.hindsight.pt.flow}; may import {@code dev.hindsight.pt} only. JNA
 * types stay in {@code .internal}. Arguments are never null unless a method says so.
 */
package dev.hindsight.pt.libipt;
