/**
 * Non-API helpers of the {@code pt.packet} layer: the byte-level packet reader and the PSB
 * search. Only {@code dev.hindsight.pt.packet} uses them.
 */
package dev.hindsight.pt.packet.internal;
