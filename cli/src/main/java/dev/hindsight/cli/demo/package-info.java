/**
 * Layer {@code cli}: {@code hindsight demo}, a guided run of the whole tool on a small example
 * program: pick the recording method, record, save a bundle, browse the history with gdb's
 * commands, and (without Intel PT) decode a synthesised PT trace of the same run.
 */
package dev.hindsight.cli.demo;
