package dev.hindsight.cli.command;

import dev.hindsight.pt.dump.PacketDumpHook;
import dev.hindsight.pt.sideband.SidebandSession;
import dev.hindsight.pt.time.TimeEstimator;

/**
 * Interleaves perf_event sideband records with ptdump's packet lines: at each time update, the
 * records up to the new time (libipt's {@code sb_track_time}); at the end, the rest.
 */
final class SidebandDumpHook implements PacketDumpHook {
    private final SidebandSession session;
    private final int flags;

    SidebandDumpHook(SidebandSession session, int flags) {
        this.session = session;
        this.flags = flags;
    }

    @Override
    public void onTime(long offset, TimeEstimator time, Appendable out) {
        // Without a TSC yet the estimate is 0: records at time 0 (synthesized) still go out.
        session.dump(out, flags, time.tsc());
    }

    @Override
    public void onEnd(Appendable out) {
        session.dump(out, flags, -1L);
    }
}
