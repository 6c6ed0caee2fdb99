/**
 * {@code hindsight ptxed}: libipt's ptxed sample tool on top of the flow layer, printing the
 * executed instructions and events of a trace line for line as ptxed does.
 *
 * <p>{@link dev.hindsight.pt.xed.Ptxed} runs a decode described by an immutable
 * {@link dev.hindsight.pt.xed.PtxedOptions}; the cli only parses options. Layer: tools of
 * {@code pt-decoder}, above {@code dev.hindsight.pt.flow}.
 */
package dev.hindsight.pt.xed;
