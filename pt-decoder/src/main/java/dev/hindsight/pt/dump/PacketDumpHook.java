package dev.hindsight.pt.dump;

import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.time.TimeEstimator;
import java.io.IOException;

/**
 * A listener that a {@link PacketDump} calls while dumping, so other data (perf sideband records)
 * can be interleaved with the packet lines at the right time. Every method does nothing by default.
 */
public interface PacketDumpHook {
    /** A hook that does nothing. */
    PacketDumpHook NONE = new PacketDumpHook() {
    };

    /**
     * Called before each packet is formatted and printed, with the packet just decoded.
     *
     * @param offset the packet's trace offset
     * @param packet the packet (reused holder; copy to keep)
     * @param out    the dump's output
     */
    default void beforePacket(long offset, Packet packet, Appendable out) throws IOException {
    }

    /**
     * Called where libipt's ptdump correlates sideband with time ({@code sb_track_time}): after
     * each timing packet (TSC, CBR, TMA, MTC, CYC) updated the estimate, while time is tracked,
     * before that packet's line (and after its diagnostics) is printed.
     *
     * @param offset the packet's trace offset
     * @param time   the time estimate after the update
     * @param out    the dump's output
     */
    default void onTime(long offset, TimeEstimator time, Appendable out) throws IOException {
    }

    /**
     * Called once after the last packet (libipt flushes the sideband up to the end of time).
     *
     * @param out the dump's output
     */
    default void onEnd(Appendable out) throws IOException {
    }
}
