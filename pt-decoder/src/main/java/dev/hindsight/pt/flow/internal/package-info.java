/**
 * Implementation parts of the flow layer ({@code pt-decoder/flow}): the return stack and the
 * instruction predicates the block decoder binds events with. Not API.
 */
package dev.hindsight.pt.flow.internal;
