/**
 * The execution history as gdb's {@code record btrace} models it: instructions numbered from 1,
 * gaps occupying one number, and function segments with call levels and up/prev/next links.
 *
 * <p>Layer: above {@code dev.hindsight.pt} and {@code dev.hindsight.bts}, below the cli; it never
 * parses packets. Inside the module: {@code target} (a process's memory and registers) below
 * {@code debuginfo} (ELF and DWARF: symbols, lines, functions, frames) below this package and
 * {@code source} (instruction sources over PT and BTS). Arguments are never null unless a method
 * says so.
 */
package dev.hindsight.history;
