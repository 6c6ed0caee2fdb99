/**
 * The execution history as gdb's {@code record btrace} models it: instructions numbered from 1,
 * gaps occupying one number, and function segments with call levels and up/prev/next links.
 *
 * <p>Layer: above {@code dev.hindsight.pt} and {@code dev.hindsight.bts}, below the cli; it never
 * parses packets. Arguments are never null unless a method says so.
 */
package dev.hindsight.history;
