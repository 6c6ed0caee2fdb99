package dev.hindsight.pt.time;

import dev.hindsight.pt.PtError;

import java.util.Objects;

/**
 * The time state of a query/event decoder: an estimate and its calibration, updated together
 * per timing packet as libipt's event decoder does ({@code pt_evt_apply_tsc},
 * {@code _header_tsc}, {@code _cbr}, {@code _header_cbr}, {@code _tma}, {@code _mtc},
 * {@code _cyc}, and the timing part of {@code pt_evt_decode_ovf}).
 *
 * <p>Each update first calibrates, then updates the estimate. Configuration errors
 * ({@code -BAD_CONFIG}, e.g. CPUID.15H unknown) are ignored: they only make timing imprecise and
 * show as lost MTC/CYC counts. Other errors are returned. A CYC uses the ratio known before it
 * (none counts the CYC as lost). Not thread-safe; one per decoder.
 */
public final class TimeTracker {

    private final TimeEstimator time;
    private final TimeCalibration tcal;

    /**
     * Creates a tracker without time or calibration.
     *
     * @param config the CPU's timing parameters
     */
    public TimeTracker(TimeConfig config) {
        Objects.requireNonNull(config, "config");
        this.time = new TimeEstimator(config);
        this.tcal = new TimeCalibration(config);
    }

    /** The estimate; query it with {@link TimeEstimator#query(TimeHolder)}. */
    public TimeEstimator estimator() {
        return time;
    }

    /** The calibration. */
    public TimeCalibration calibration() {
        return tcal;
    }

    /** Forgets time and calibration, as a decoder does when it (re)synchronizes. */
    public void reset() {
        time.reset();
        tcal.reset();
    }

    /** Copies another tracker's state, for decoder snapshots without allocation. */
    public void copyFrom(TimeTracker other) {
        time.copyFrom(other.time);
        tcal.copyFrom(other.tcal);
    }

    /**
     * Fills {@code holder} with the event time (libipt {@code pt_evt_event_time}).
     *
     * @return true if there is a TSC-based time ({@code has_tsc}), false if there is none yet
     */
    public boolean eventTime(TimeHolder holder) {
        return time.query(holder) == 0;
    }

    /**
     * A PSB packet (libipt {@code pt_tcal_update_psb}).
     *
     * @return 0
     */
    public int psb() {
        return tcal.updatePsb();
    }

    /**
     * A TSC packet.
     *
     * @param tsc the packet's TSC value
     * @param inHeader whether the packet is inside PSB+
     * @return 0 or a negative error code
     */
    public int tsc(long tsc, boolean inHeader) {
        int st = inHeader ? tcal.headerTsc(tsc) : tcal.updateTsc(tsc);
        if (failed(st)) {
            return st;
        }
        st = time.updateTsc(tsc);
        return failed(st) ? st : 0;
    }

    /**
     * A CBR packet.
     *
     * @param ratio the packet's core:bus ratio
     * @param inHeader whether the packet is inside PSB+
     * @return 0 or a negative error code ({@code -BAD_PACKET} for a zero ratio)
     */
    public int cbr(int ratio, boolean inHeader) {
        int st = inHeader ? tcal.headerCbr(ratio) : tcal.updateCbr(ratio);
        if (failed(st)) {
            return st;
        }
        st = time.updateCbr(ratio);
        return failed(st) ? st : 0;
    }

    /**
     * A TMA packet.
     *
     * @return 0 or a negative error code ({@code -BAD_CONTEXT} without TSC)
     */
    public int tma(int ctc, int fc) {
        int st = tcal.updateTma(ctc, fc);
        if (failed(st)) {
            return st;
        }
        st = time.updateTma(ctc, fc);
        return failed(st) ? st : 0;
    }

    /**
     * An MTC packet.
     *
     * @return 0 or a negative error code ({@code -BAD_PACKET} for a CTC that went back)
     */
    public int mtc(int ctc) {
        int st = tcal.updateMtc(ctc);
        if (failed(st)) {
            return st;
        }
        st = time.updateMtc(ctc);
        return failed(st) ? st : 0;
    }

    /**
     * A CYC packet.
     *
     * @return 0 or a negative error code
     */
    public int cyc(long cyc) {
        int st = tcal.updateCyc(cyc);
        if (failed(st)) {
            return st;
        }
        st = time.updateCyc(cyc, tcal.fcrOrZero());
        return failed(st) ? st : 0;
    }

    /**
     * An OVF packet: the estimate is kept; the calibration is reset, or with
     * {@link TimeConfig#keepTcalOnOvf()} restarts its counting.
     *
     * @return 0
     */
    public int ovf() {
        return tcal.updateOvf();
    }

    private static boolean failed(int status) {
        return status < 0 && status != -PtError.BAD_CONFIG.code();
    }
}
