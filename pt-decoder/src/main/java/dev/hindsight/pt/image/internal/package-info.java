/**
 * Layer 2 (pt-decoder, image), not API: C-style number parsing for the loaders' arguments and
 * ELF header reading.
 */
package dev.hindsight.pt.image.internal;
