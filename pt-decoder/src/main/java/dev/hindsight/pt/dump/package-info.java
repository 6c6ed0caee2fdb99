/**
 * The packet dump behind {@code hindsight ptdump}: one line per packet, line for line as libipt's
 * {@code ptdump} tool prints it.
 *
 * <p>Sits on the {@code pt.packet} and {@code pt.time} layers; the command line module only parses
 * options and calls {@link dev.hindsight.pt.dump.PacketDump}. No method accepts {@code null}
 * unless it says so.
 */
package dev.hindsight.pt.dump;
