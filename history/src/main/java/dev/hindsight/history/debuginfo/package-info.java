/**
 * What the program's files say about its code, as gdb's symbol and DWARF readers know it: ELF
 * symbols and sections ({@link dev.hindsight.history.debuginfo.ElfSymbols},
 * {@link dev.hindsight.history.debuginfo.ObjectFiles}), DWARF line tables, functions with their
 * parameters and call sites, location and range lists, expression evaluation, call frame
 * information, and from those the frames, argument values and returned values of a live process
 * ({@link dev.hindsight.history.debuginfo.LiveFrames}).
 *
 * <p>Layer: the bottom of the history module; it reads files and a
 * {@link dev.hindsight.history.target target}'s memory and registers, and knows nothing of
 * histories, windows or commands.
 */
package dev.hindsight.history.debuginfo;
