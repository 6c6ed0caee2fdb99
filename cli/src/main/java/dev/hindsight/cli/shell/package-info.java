/**
 * Layer cli: the interactive {@code hindsight shell} (gdb's command syntax over one
 * {@link dev.hindsight.history.HistoryBrowser}): command lookup, Enter-repeat, completion, and the
 * JLine or plain-stdin read loop.
 */
package dev.hindsight.cli.shell;
