/**
 * Throughput measurements of the decoder layers, behind {@code hindsight bench}. Uses the layers'
 * public API only.
 */
package dev.hindsight.pt.bench;
