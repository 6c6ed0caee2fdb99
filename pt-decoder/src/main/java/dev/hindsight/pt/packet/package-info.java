/**
 * Layer {@code pt.packet}: Intel PT bytes to typed packets, PSB synchronisation and last-IP
 * reconstruction (libipt's {@code pt_pkt_decoder}, {@code pt_sync}, {@code pt_last_ip}).
 *
 * <p>May import {@code dev.hindsight.pt} (errors) and {@code dev.hindsight.errata} only; knows
 * nothing of the query, flow or image layers. Nothing here allocates per packet: decoders fill a
 * caller-owned {@link dev.hindsight.pt.packet.Packet} and return a status int, where a negative
 * value is {@code -PtError.code()}. No method accepts {@code null} unless it says so.
 */
package dev.hindsight.pt.packet;
