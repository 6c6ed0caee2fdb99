/**
 * Branch Trace Store decoding: BTS records (the 24-byte DS-area form and perf's {from, to}
 * samples) turned into blocks of sequential execution, and blocks into instructions by walking
 * the memory image with the x86 length decoder, as gdb's {@code btrace_compute_ftrace_bts} does.
 *
 * <p>Layer: beside {@code dev.hindsight.pt.flow}; imports {@code dev.hindsight.pt.image},
 * {@code dev.hindsight.pt.x86} and {@code dev.hindsight.pt.PtError} only. Arguments are never
 * null unless a method says so.
 */
package dev.hindsight.bts;
