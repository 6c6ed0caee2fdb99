package dev.hindsight.pt.query.internal;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.packet.Packet;
import dev.hindsight.pt.query.PtEvent;
import dev.hindsight.pt.query.TimeQuery;
import dev.hindsight.pt.time.TimeCalibration;
import dev.hindsight.pt.time.TimeConfig;
import dev.hindsight.pt.time.TimeEstimator;
import dev.hindsight.pt.time.TimeHolder;

/**
 * The event decoder's timing state: a time estimate plus its calibration, updated from timing
 * packets as libipt's {@code pt_evt_apply_*} / {@code pt_evt_header_*} functions do.
 *
 * <p>Configuration errors ({@code -BAD_CONFIG}) are ignored, as in libipt: they make timing
 * imprecise and show up as lost MTC/CYC counts, they do not stop decoding.
 */
public final class EventTime {
    private final TimeEstimator time;
    private final TimeCalibration tcal;
    private final TimeHolder holder = new TimeHolder();

    /**
     * Creates timing state without any time.
     *
     * @param config the timing configuration
     */
    public EventTime(TimeConfig config) {
        this.time = new TimeEstimator(config);
        this.tcal = new TimeCalibration(config);
    }

    /** Forgets time and calibration ({@code pt_time_init}, {@code pt_tcal_init}). */
    public void reset() {
        time.reset();
        tcal.reset();
    }

    /** Forgets the calibration only. */
    public void resetCalibration() {
        tcal.reset();
    }

    /**
     * Copies time and calibration of {@code other}.
     *
     * @param other state with the same configuration
     */
    public void copyFrom(EventTime other) {
        time.copyFrom(other.time);
        tcal.copyFrom(other.tcal);
    }

    /**
     * Copies the time estimate (not the calibration) of {@code other}.
     *
     * @param other state with the same configuration
     */
    public void copyTimeFrom(EventTime other) {
        time.copyFrom(other.time);
    }

    private static int ignoreConfig(int rc) {
        return rc < 0 && rc != -PtError.BAD_CONFIG.code() ? rc : 0;
    }

    /** A TSC inside PSB+. @param packet the tsc packet @return 0 or an error */
    public int headerTsc(Packet packet) {
        int rc = ignoreConfig(tcal.headerTsc(packet.tsc()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateTsc(packet.tsc()));
    }

    /** A TSC outside PSB+. @param packet the tsc packet @return 0 or an error */
    public int tsc(Packet packet) {
        int rc = ignoreConfig(tcal.updateTsc(packet.tsc()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateTsc(packet.tsc()));
    }

    /** A CBR inside PSB+. @param packet the cbr packet @return 0 or an error */
    public int headerCbr(Packet packet) {
        int rc = ignoreConfig(tcal.headerCbr(packet.cbrRatio()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateCbr(packet.cbrRatio()));
    }

    /** A CBR outside PSB+. @param packet the cbr packet @return 0 or an error */
    public int cbr(Packet packet) {
        int rc = ignoreConfig(tcal.updateCbr(packet.cbrRatio()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateCbr(packet.cbrRatio()));
    }

    /** A TMA (same in and outside PSB+). @param packet the tma packet @return 0 or an error */
    public int tma(Packet packet) {
        int rc = ignoreConfig(tcal.updateTma(packet.tmaCtc(), packet.tmaFc()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateTma(packet.tmaCtc(), packet.tmaFc()));
    }

    /** An MTC (same in and outside PSB+). @param packet the mtc packet @return 0 or an error */
    public int mtc(Packet packet) {
        int rc = ignoreConfig(tcal.updateMtc(packet.mtcCtc()));
        if (rc < 0) {
            return rc;
        }
        return ignoreConfig(time.updateMtc(packet.mtcCtc()));
    }

    /**
     * A CYC (same in and outside PSB+); without calibration yet the cycles count as lost.
     *
     * @param packet the cyc packet
     * @return 0 or an error
     */
    public int cyc(Packet packet) {
        int rc = ignoreConfig(tcal.updateCyc(packet.cycValue()));
        if (rc < 0) {
            return rc;
        }
        long fcr = tcal.fcrOrZero();
        return ignoreConfig(time.updateCyc(packet.cycValue(), fcr));
    }

    /**
     * Keeps the calibration across an overflow as {@code pt_tcal_update_ovf} (with
     * keep-tcal-on-ovf configured; resets it otherwise).
     *
     * @return 0 or an error
     */
    public int ovf() {
        return tcal.updateOvf();
    }

    /**
     * Stamps {@code event} with the current time ({@code pt_evt_event_time}): tsc and lost counts
     * are always filled, {@code hasTsc} only once a TSC was seen.
     *
     * @param event the event
     */
    public void stamp(PtEvent event) {
        int rc = time.query(holder);
        event.tsc(holder.tsc()).lostMtc(holder.lostMtc()).lostCyc(holder.lostCyc());
        if (rc == 0) {
            event.hasTsc(true);
        }
    }

    /**
     * Answers a time query ({@code pt_time_query_tsc}).
     *
     * @param out the holder to fill
     * @return 0, or {@code -NO_TIME} if there was no TSC yet
     */
    public int query(TimeQuery out) {
        int rc = time.query(holder);
        out.set(holder.tsc(), holder.lostMtc(), holder.lostCyc());
        return rc;
    }

    /** The core:bus ratio, or {@code -NO_CBR} ({@code pt_time_query_cbr}). */
    public int coreBusRatio() {
        return time.queryCbr();
    }
}
