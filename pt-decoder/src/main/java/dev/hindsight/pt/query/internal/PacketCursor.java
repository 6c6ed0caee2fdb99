package dev.hindsight.pt.query.internal;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.packet.PacketDecoder;
import dev.hindsight.pt.packet.PacketDecoderConfig;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A copyable read position over a trace: the state of libipt's {@code pt_packet_decoder} (current
 * position and last sync point), with packets decoded by the packet layer
 * ({@link PacketDecoder#decodeAt}).
 *
 * <p>The event decoder copies its packet decoder to look ahead (erratum checks, the FUP after an
 * OVF) and moves it to where a look-ahead ended; {@link #copyFrom(PacketCursor)} gives that
 * without allocation. Sync searches reuse {@link PacketDecoder}'s own PSB search.
 */
public final class PacketCursor {
    private final ByteBuffer buf;
    private final PacketDecoderConfig config;
    private final int end;
    private final PacketDecoder search;
    /** The current position, or -1 before the first synchronization. */
    private int pos = -1;
    /** The last synchronization point, or -1. */
    private int sync = -1;

    /**
     * Creates an unsynchronized cursor over {@code trace} (index 0 to its limit).
     *
     * @param trace the raw trace
     * @param config the packet layer configuration
     */
    public PacketCursor(ByteBuffer trace, PacketDecoderConfig config) {
        this.search = new PacketDecoder(trace, config);
        this.buf = search.buffer();
        this.config = config;
        this.end = (int) search.size();
    }

    /** A cursor over the same trace, at the same position as {@code other}. */
    public PacketCursor(PacketCursor other) {
        this.search = other.search;
        this.buf = other.buf;
        this.config = other.config;
        this.end = other.end;
        this.pos = other.pos;
        this.sync = other.sync;
    }

    /**
     * Takes the position and sync point of {@code other}, a cursor over the same trace.
     *
     * @param other the cursor to copy
     */
    public void copyFrom(PacketCursor other) {
        pos = other.pos;
        sync = other.sync;
    }

    /** The trace size in bytes. */
    public int size() {
        return end;
    }

    /** The packet layer configuration. */
    public PacketDecoderConfig config() {
        return config;
    }

    /**
     * Decodes the packet at the position and moves past it (libipt {@code pt_pkt_next}).
     *
     * @param packet the holder to fill
     * @return the number of bytes consumed ({@code > 0}), or {@code -PtError.code()}; the
     *     position does not move on error
     */
    public int next(Packet packet) {
        int consumed = PacketDecoder.decodeAt(buf, pos, config, packet);
        if (consumed < 0) {
            return consumed;
        }
        pos += consumed;
        return consumed;
    }

    /**
     * Moves past any PAD packets at the position and decodes the packet after them, moving past
     * it too: {@link #skipPads()} then {@link #next(Packet)}, in one pass.
     *
     * @param packet the holder to fill
     * @return the bytes consumed ({@code > 0}), or {@code -PtError.code()} with nothing consumed
     *     (not even the PADs): the caller then takes the two steps to learn where it failed
     */
    public int nextAfterPads(Packet packet) {
        int at = pos;
        if (at < 0) {
            return -PtError.NOSYNC.code();
        }
        int consumed = PacketDecoder.decodeAfterPads(buf, at, config, packet);
        if (consumed > 0) {
            pos = at + consumed;
        }
        return consumed;
    }

    /**
     * Moves past any PAD packets (0x00 bytes) at the position without decoding them. PADs carry
     * nothing and real traces are full of them (libxdc's: a third of all packets), so the event
     * decoder skips them here rather than decoding each one.
     */
    public void skipPads() {
        int at = pos;
        if (at < 0) {
            return;
        }
        // Eight bytes at a time: PADs come in runs, and most often there is none.
        while (end - at >= Long.BYTES) {
            long word = buf.getLong(at);
            if (word != 0) {
                int zeros = buf.order() == ByteOrder.LITTLE_ENDIAN
                        ? Long.numberOfTrailingZeros(word) : Long.numberOfLeadingZeros(word);
                pos = at + (zeros >>> 3);
                return;
            }
            at += Long.BYTES;
        }
        while (at < end && buf.get(at) == 0) {
            at++;
        }
        pos = at;
    }

    /**
     * Moves the position by {@code delta} bytes without decoding (libipt's look-ahead adjusts
     * {@code pacdec.pos} directly).
     *
     * @param delta the distance, may be negative
     * @return 0, or {@code -INTERNAL} if the result is outside the trace
     */
    public int skip(long delta) {
        long p = (long) pos + delta;
        if (pos < 0 || p < 0 || p > end) {
            return -PtError.INTERNAL.code();
        }
        pos = (int) p;
        return 0;
    }

    /**
     * Synchronizes onto the next PSB (libipt {@code pt_pkt_sync_forward}): from the position
     * (trace start if unsynchronized), skipping the PSB at the last sync point, and starting up
     * to 15 bytes early to find a PSB that a bogus packet partly consumed.
     *
     * @return 0, or {@code -EOS} if there is none
     */
    public int syncForward() {
        long p = pos < 0 ? 0 : pos;
        if (p == sync) {
            p += PacketDecoderSyncSize.PSB_SIZE;
        }
        long start = p - Math.min(p, PacketDecoderSyncSize.PSB_SIZE - 1);
        int rc;
        // A fresh decoder set to start-1 searches from start (it skips its own sync point).
        if (start > 0) {
            rc = search.syncSet(start - 1);
            if (rc < 0) {
                return rc;
            }
            rc = search.syncForward();
        } else {
            rc = searchFromStart();
        }
        if (rc < 0) {
            return rc;
        }
        pos = (int) search.offset();
        sync = pos;
        return 0;
    }

    private int searchFromStart() {
        PacketDecoder fresh = new PacketDecoder(buf, config);
        int rc = fresh.syncForward();
        if (rc < 0) {
            return rc;
        }
        return search.syncSet(fresh.offset());
    }

    /**
     * Synchronizes onto the previous PSB before the position (trace end if unsynchronized),
     * libipt {@code pt_pkt_sync_backward}.
     *
     * @return 0, or {@code -EOS} if there is none
     */
    public int syncBackward() {
        int rc = search.syncSet(pos < 0 ? end : pos);
        if (rc < 0) {
            return rc;
        }
        rc = search.syncBackward();
        if (rc < 0) {
            return rc;
        }
        pos = (int) search.offset();
        sync = pos;
        return 0;
    }

    /**
     * Sets position and sync point to {@code offset} (libipt {@code pt_pkt_sync_set}); whether
     * there is a PSB is checked by the caller.
     *
     * @param offset the offset
     * @return 0, or {@code -EOS} if outside the trace
     */
    public int syncSet(long offset) {
        if (offset < 0 || offset > end) {
            return -PtError.EOS.code();
        }
        pos = (int) offset;
        sync = pos;
        return 0;
    }

    /** The position, or {@code -NOSYNC} if unsynchronized. */
    public long position() {
        return pos < 0 ? -PtError.NOSYNC.code() : pos;
    }

    /** The raw position, -1 if unsynchronized. */
    public int rawPosition() {
        return pos;
    }

    /** The last sync offset, or {@code -NOSYNC} if unsynchronized. */
    public long syncOffset() {
        return sync < 0 ? -PtError.NOSYNC.code() : sync;
    }

    /** The PSB size, kept here so this class depends on public packet-layer API only. */
    private static final class PacketDecoderSyncSize {
        static final int PSB_SIZE = 16;
    }
}
