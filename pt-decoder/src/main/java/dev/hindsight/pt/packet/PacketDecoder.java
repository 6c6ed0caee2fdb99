package dev.hindsight.pt.packet;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.internal.PacketReader;
import dev.hindsight.pt.packet.internal.PsbSync;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An Intel PT packet decoder over one trace buffer (libipt's {@code pt_packet_decoder}).
 *
 * <p>The decoder reads the buffer from index 0 to its limit, in place and never copied (a
 * memory-mapped file slice is the intended input), through a little-endian view of it; offsets are
 * relative to index 0. A new decoder is not synchronised: call {@link #syncForward()},
 * {@link #syncBackward()} or {@link #syncSet(long)} first. Then {@link #next(Packet)} decodes one
 * packet at a time into a caller-owned holder.
 *
 * <p>Errors are returned, never thrown: a negative return value is {@code -PtError.code()}.
 * After an error {@link #next(Packet)} does not advance; callers resynchronise with
 * {@link #syncForward()}, which then searches from the failing offset (libipt behaviour).
 * Not thread-safe.
 */
public final class PacketDecoder {
    private final ByteBuffer buf;
    private final int end;
    private final PacketDecoderConfig config;
    private final boolean skd007;
    private final boolean skz84;

    /** The current position, or -1 before the first synchronisation. */
    private int pos = -1;
    /** The last synchronisation point, or -1. */
    private int sync = -1;

    /**
     * A decoder over {@code trace} from index 0 to its limit.
     *
     * @param trace  the raw trace; its position, limit and order are not changed
     * @param config erratum workarounds and timing parameters
     */
    public PacketDecoder(ByteBuffer trace, PacketDecoderConfig config) {
        this.buf = trace.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.end = trace.limit();
        this.config = Objects.requireNonNull(config, "config");
        this.skd007 = config.skd007();
        this.skz84 = config.skz84();
    }

    /** A decoder that decodes per specification; see {@link #PacketDecoder(ByteBuffer, PacketDecoderConfig)}. */
    public PacketDecoder(ByteBuffer trace) {
        this(trace, PacketDecoderConfig.DEFAULT);
    }

    /** The configuration. */
    public PacketDecoderConfig config() {
        return config;
    }

    /** The little-endian view of the trace this decoder reads (shared, not a copy). */
    public ByteBuffer buffer() {
        return buf;
    }

    /** The size of the trace in bytes. */
    public long size() {
        return end;
    }

    /**
     * Synchronises onto the next PSB (libipt {@code pt_pkt_sync_forward}).
     *
     * <p>Searches from the current position, or from the start if not yet synchronised. If the
     * decoder sits on its last sync point, that PSB is skipped. The search starts up to 15 bytes
     * before the position so it also finds a PSB that a preceding (bogus) packet partly consumed.
     *
     * @return 0, or {@code -EOS} if there is no further PSB
     */
    public int syncForward() {
        int p = pos < 0 ? 0 : pos;
        if (p == sync) {
            p += PsbSync.PSB_SIZE;
        }
        int space = Math.min(p, PsbSync.PSB_SIZE - 1);
        int found = PsbSync.forward(buf, p - space, end);
        if (found < 0) {
            return found;
        }
        sync = found;
        pos = found;
        return 0;
    }

    /**
     * Synchronises onto the previous PSB (libipt {@code pt_pkt_sync_backward}).
     *
     * <p>Searches backwards from the current position, or from the end if not yet synchronised.
     *
     * @return 0, or {@code -EOS} if there is no earlier PSB
     */
    public int syncBackward() {
        int p = pos < 0 ? end : pos;
        int found = PsbSync.backward(buf, p, end);
        if (found < 0) {
            return found;
        }
        sync = found;
        pos = found;
        return 0;
    }

    /**
     * Sets the position and sync point to {@code offset} without checking for a PSB (libipt
     * {@code pt_pkt_sync_set}).
     *
     * @return 0, or {@code -EOS} if {@code offset} is outside {@code [0, size()]}
     */
    public int syncSet(long offset) {
        if (offset < 0 || offset > end) {
            return -PtError.EOS.code();
        }
        sync = (int) offset;
        pos = (int) offset;
        return 0;
    }

    /** The current offset, or {@code -NOSYNC} if the decoder was never synchronised. */
    public long offset() {
        return pos < 0 ? -PtError.NOSYNC.code() : pos;
    }

    /** The offset of the last sync point, or {@code -NOSYNC} if there is none. */
    public long syncOffset() {
        return sync < 0 ? -PtError.NOSYNC.code() : sync;
    }

    /**
     * Decodes the packet at the current position into {@code packet} and advances past it
     * (libipt {@code pt_pkt_next}).
     *
     * @return the packet's size ({@code > 0}), or {@code -NOSYNC} (not synchronised), {@code -EOS}
     *     (end of trace or a truncated packet), {@code -BAD_OPC} (unknown opcode) or
     *     {@code -BAD_PACKET} (bad payload); on error the position does not move
     */
    public int next(Packet packet) {
        int at = pos;
        if (at >= 0 && at < end) {
            int opc = buf.get(at) & 0xff;
            if (oneBytePacket(opc, packet)) {
                pos = at + 1;
                return 1;
            }
            /*
             * IP packets, the other common kind, also take a fast path: it makes the general
             * reader's call rare. Whether the JIT inlines next() into the caller's loop decides
             * a packet walk's speed (synth-retc: 370-400 MB/s when the loop calls next() for
             * every packet, 540-580 when inlined), and next() with the general reader inlined
             * into it was often too big for that. Five JVM runs each: synth-noretc 618-807 MB/s
             * (was 444-655), mruby 502-816 (371-509), synth-retc 415-580 (361-546, still
             * bimodal).
             */
            int size = PacketReader.ipPacketFast(buf, at, end, opc, packet);
            if (size > 0) {
                pos = at + size;
                return size;
            }
        }
        return nextSlow(at, packet);
    }

    /*
     * Fast path for the one-byte packets that dominate real traces: every even opcode other than
     * PAD (0x00) and the extension escape (0x02) is a TNT-8 (SDM 33.4.2.1). Fills packet and
     * returns true for a TNT-8 or PAD at 'at'; false leaves everything else to PacketReader.
     */
    private static boolean oneBytePacket(ByteBuffer buf, int at, int end, Packet packet) {
        if (at < 0 || at >= end) {
            return false;
        }
        return oneBytePacket(buf.get(at) & 0xff, packet);
    }

    // The same for an opcode already read.
    private static boolean oneBytePacket(int opc, Packet packet) {
        if ((opc & 1) != 0) {
            return false;
        }
        if (opc > 2) {
            packet.setTnt8Opcode(opc);
            return true;
        }
        if (opc == 0) {
            packet.setPad();
            return true;
        }
        return false;
    }

    /**
     * Skips the PAD packets at {@code offset} and decodes the packet after them: the event
     * decoder's way to its next packet, in one pass over the opcode byte rather than one to skip
     * PADs and one to decode.
     *
     * @param trace the trace, read from index 0 to its limit; must be little-endian
     * @param offset where to start, {@code 0 <= offset}
     * @param config erratum workarounds
     * @param packet the holder to fill
     * @return the bytes consumed, PADs included ({@code > 0}), as {@link #decodeAt} counts them;
     *     or a negative error, with nothing consumed: a caller that needs to know where the
     *     failing packet starts skips the PADs and decodes it on its own
     * @throws IllegalArgumentException if {@code trace} is not little-endian
     */
    public static int decodeAfterPads(ByteBuffer trace, int offset, PacketDecoderConfig config,
            Packet packet) {
        if (trace.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("trace buffer must be little-endian");
        }
        int end = trace.limit();
        int at = offset;
        int opc = 0;
        while (at < end) {
            opc = trace.get(at) & 0xff;
            if (opc != 0) {
                break;
            }
            at++;
        }
        if (at >= end) {
            return -PtError.EOS.code();
        }
        if (oneBytePacket(opc, packet)) {
            return at + 1 - offset;
        }
        int consumed = PacketReader.decode(trace, at, end, config.skd007(), config.skz84(), packet);
        return consumed < 0 ? consumed : at + consumed - offset;
    }

    /** Every other packet, and errors: kept out of {@link #next(Packet)} so that stays small. */
    private int nextSlow(int at, Packet packet) {
        int consumed = PacketReader.decode(buf, at, end, skd007, skz84, packet);
        if (consumed < 0) {
            return consumed;
        }
        pos = at + consumed;
        return packet.size();
    }

    /**
     * Decodes the one packet at {@code offset} of {@code trace} into {@code packet}, with no
     * decoder state: what {@link #next(Packet)} would do at that offset.
     *
     * @param trace  the trace, read from index 0 to its limit; must be little-endian
     * @param offset the packet's offset
     * @param config erratum workarounds
     * @param packet the holder to fill
     * @return the number of bytes the packet occupies in the trace: {@code packet.size()}, except
     *     under SKD007 where a cut CYC is skipped and the OVF behind it reported, which consumes
     *     one more byte; or a negative error as for {@link #next(Packet)}
     * @throws IllegalArgumentException if {@code trace} is not little-endian
     */
    public static int decodeAt(ByteBuffer trace, long offset, PacketDecoderConfig config,
            Packet packet) {
        if (trace.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("trace buffer must be little-endian");
        }
        int end = trace.limit();
        int at = offset < 0 ? -1 : offset > end ? end : (int) offset;
        // The event decoder reads every packet through here: take the one-byte fast path too.
        if (oneBytePacket(trace, at, end, packet)) {
            return 1;
        }
        return PacketReader.decode(trace, at, end, config.skd007(), config.skz84(), packet);
    }
}
