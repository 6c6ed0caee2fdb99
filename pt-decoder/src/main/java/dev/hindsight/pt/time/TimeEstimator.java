package dev.hindsight.pt.time;

import dev.hindsight.pt.PtError;

import java.util.Objects;

/**
 * The running estimate of the time stamp counter from Intel PT timing packets (libipt
 * {@code struct pt_time}, {@code pt_time_*}).
 *
 * <p>How the estimate is built (Intel SDM Vol. 3C, Intel Processor Trace, "Tracking Time"):
 * <ul>
 *   <li><b>TSC</b> sets the estimate and the base to the packet's value and forgets MTC, TMA,
 *       FastCounter and losses: it is the full time.</li>
 *   <li><b>TMA</b> (only right after a TSC) gives {@code CTC[15:0]} and the FastCounter
 *       {@code fc} at that TSC. The base moves back by {@code fc} to the last CTC tick, and the
 *       CTC bits that MTC can provide ({@code mtcFreq + 8} of them) are kept as the last CTC. If
 *       those bits all fit into the 16 TMA bits, the TMA counts as an MTC.</li>
 *   <li><b>MTC</b> gives {@code CTC = payload << mtcFreq}. The base advances by the CTC distance
 *       from the last MTC/TMA, one wrap-around of {@code 2^(mtcFreq+8)} corrected, converted to
 *       TSC ticks as {@code delta * CPUID.15H:EBX / CPUID.15H:EAX}; the estimate becomes the base.
 *       MTCs between a TSC and its TMA are ignored. The first MTC after a TMA that did not count
 *       as an MTC takes the high CTC bits the TMA lacked from itself, minus one period of
 *       {@code 2^16} if its low bits are below the TMA's. Without a TMA the first MTC only starts
 *       the count.</li>
 *   <li><b>CYC</b> adds {@code (cyc * fcr) >> 8} TSC ticks to the FastCounter, the estimate being
 *       {@code base + fc}; {@code fcr} is the calibrated fast-counter:cycles ratio with 8
 *       fraction bits ({@link TimeCalibration}). For the first CYC of an MTC period that spans
 *       earlier MTC periods, the cycles those periods took ({@code (fc << 8) / fcr}) are
 *       subtracted first, never going below zero. Without a ratio the CYC is counted as lost.</li>
 *   <li><b>CBR</b> only records the core:bus ratio.</li>
 * </ul>
 *
 * <p>All values are unsigned and wrap as libipt's {@code uint64_t}/{@code uint32_t} do. Update
 * methods return {@code 0} or {@code -PtError.code()}; an error leaves the state as libipt leaves
 * it, which is sometimes already updated (see each method). Not thread-safe; one per decoder.
 */
public final class TimeEstimator {

    private final TimeConfig config;

    private long tsc;
    private long base;
    private long fc;
    private int ctc;
    private int ctcCyc;
    private int lostMtc;
    private int lostCyc;
    private int cbr;
    private boolean haveTsc;
    private boolean haveCbr;
    private boolean haveTma;
    private boolean haveMtc;

    /** Scratch result of {@link #adjustCyc(long, long)}; not part of the state. */
    private long adjustedCyc;

    /**
     * Creates an estimator without any time (libipt {@code pt_time_init}).
     *
     * @param config the CPU's timing parameters
     */
    public TimeEstimator(TimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The configuration this estimator uses. */
    public TimeConfig config() {
        return config;
    }

    /** Forgets everything, as after construction (libipt {@code pt_time_init}). */
    public void reset() {
        tsc = 0;
        base = 0;
        fc = 0;
        ctc = 0;
        ctcCyc = 0;
        lostMtc = 0;
        lostCyc = 0;
        cbr = 0;
        haveTsc = false;
        haveCbr = false;
        haveTma = false;
        haveMtc = false;
    }

    /**
     * Copies another estimator's state into this one, for snapshots without allocation (libipt
     * copies {@code struct pt_time} by value).
     *
     * @param other an estimator with the same configuration
     */
    public void copyFrom(TimeEstimator other) {
        if (!config.equals(other.config)) {
            throw new IllegalArgumentException("different time configuration");
        }
        tsc = other.tsc;
        base = other.base;
        fc = other.fc;
        ctc = other.ctc;
        ctcCyc = other.ctcCyc;
        lostMtc = other.lostMtc;
        lostCyc = other.lostCyc;
        cbr = other.cbr;
        haveTsc = other.haveTsc;
        haveCbr = other.haveCbr;
        haveTma = other.haveTma;
        haveMtc = other.haveMtc;
    }

    /**
     * Fills {@code holder} with the estimated TSC and the loss counters (libipt
     * {@code pt_time_query_tsc}). The holder is filled also when there is no time yet; it then
     * holds the estimate relative to zero, which ptdump prints with {@code --no-wall-clock}.
     *
     * @return 0, or {@code -NO_TIME} if there has not been a TSC packet
     */
    public int query(TimeHolder holder) {
        holder.tsc = tsc;
        holder.lostMtc = lostMtc;
        holder.lostCyc = lostCyc;
        return haveTsc ? 0 : -PtError.NO_TIME.code();
    }

    /** The estimated TSC, meaningful relative to zero when {@link #hasTsc()} is false. */
    public long tsc() {
        return tsc;
    }

    /** The number of lost MTC packets since the last TSC. */
    public int lostMtc() {
        return lostMtc;
    }

    /** The number of lost CYC packets since the last TSC or MTC. */
    public int lostCyc() {
        return lostCyc;
    }

    /**
     * The core:bus ratio of the last CBR packet (libipt {@code pt_time_query_cbr}).
     *
     * @return the ratio (1..255), or {@code -NO_CBR} if there has not been a CBR packet
     */
    public int queryCbr() {
        return haveCbr ? cbr : -PtError.NO_CBR.code();
    }

    /** Whether a TSC packet has been seen since the last reset. */
    public boolean hasTsc() {
        return haveTsc;
    }

    /** Whether a CBR packet has been seen since the last reset. */
    public boolean hasCbr() {
        return haveCbr;
    }

    /** Whether the TMA packet for the last TSC has been seen. */
    public boolean hasTma() {
        return haveTma;
    }

    /** Whether an MTC (or a TMA that counts as one) has been seen since the last TSC. */
    public boolean hasMtc() {
        return haveMtc;
    }

    /**
     * Applies a TSC packet (libipt {@code pt_time_update_tsc}).
     *
     * @param tscPayload the packet's TSC value (low 56 bits of the TSC)
     * @return 0
     */
    public int updateTsc(long tscPayload) {
        haveTsc = true;
        haveTma = false;
        haveMtc = false;
        tsc = tscPayload;
        base = tscPayload;
        ctc = 0;
        fc = 0;
        // The full time: earlier losses no longer matter.
        lostMtc = 0;
        lostCyc = 0;
        return 0;
    }

    /**
     * Applies a CBR packet (libipt {@code pt_time_update_cbr}).
     *
     * @param ratio the packet's core:bus ratio (low 8 bits are used)
     * @return 0, or {@code -BAD_PACKET} if the ratio is zero
     */
    public int updateCbr(int ratio) {
        int r = ratio & 0xff;
        if (r == 0) {
            return -PtError.BAD_PACKET.code();
        }
        haveCbr = true;
        cbr = r;
        return 0;
    }

    /**
     * Applies a TMA packet (libipt {@code pt_time_update_tma}).
     *
     * @param ctcPayload the packet's CTC[15:0] (low 16 bits are used)
     * @param fcPayload the packet's FastCounter (low 16 bits are used; the packet has 9)
     * @return 0; {@code -BAD_CONTEXT} without a preceding TSC or for a second TMA after one TSC;
     *     {@code -INTERNAL} if an MTC was taken between TSC and TMA
     */
    public int updateTma(int ctcPayload, int fcPayload) {
        if (!haveTsc) {
            return -PtError.BAD_CONTEXT.code();
        }
        if (haveTma) {
            return -PtError.BAD_CONTEXT.code();
        }
        if (haveMtc) {
            return -PtError.INTERNAL.code();
        }
        int tmaCtc = ctcPayload & 0xffff;
        long tmaFc = fcPayload & 0xffff;
        int mtcHi = config.mtcFreq() + Ctc.MTC_BITS;
        // Only the CTC bits an MTC can provide are comparable with later MTCs.
        int ctcMask = (1 << mtcHi) - 1;

        haveTma = true;
        base -= tmaFc;
        fc += tmaFc;
        // If TMA holds every bit MTC provides, it is as good as an MTC; otherwise the next MTC
        // supplies the missing high bits.
        if (mtcHi <= Ctc.TMA_CTC_BITS) {
            haveMtc = true;
        }
        ctc = tmaCtc & ctcMask;
        ctcCyc = ctc;
        return 0;
    }

    /**
     * Applies an MTC packet (libipt {@code pt_time_update_mtc}).
     *
     * @param ctcPayload the packet's 8-bit CTC payload
     * @return 0; {@code -BAD_PACKET} if the CTC moved back by more than one wrap-around (the MTC
     *     is counted as lost, its CTC is still taken); {@code -BAD_CONFIG} if CPUID.15H is
     *     unknown; {@code -INTERNAL} if the TMA state is inconsistent
     */
    public int updateMtc(int ctcPayload) {
        boolean hadTsc = haveTsc;
        boolean hadTma = haveTma;
        boolean hadMtc = haveMtc;

        // MTCs between TSC and TMA would look like CTC overflows.
        if (hadTsc && !hadTma) {
            return 0;
        }

        long newBase = base;
        int lastCtc = ctc;
        int mtcCtc = Ctc.fromMtc(ctcPayload, config);

        // Remember where the FastCounter was (or would have been) cleared, for CYC adjustment.
        if (fc != 0 || lostCyc != 0 || !hadMtc) {
            ctcCyc = mtcCtc;
        }

        // Take the new MTC now so an error below still leaves a usable state.
        haveMtc = true;
        fc = 0;
        ctc = mtcCtc;
        lostCyc = 0;

        if (!hadMtc) {
            // Without a TMA we cannot tell where in this MTC period tracing started.
            if (!hadTma) {
                return 0;
            }
            // The TMA did not provide all MTC bits, else it would have counted as an MTC.
            if ((lastCtc & ~Ctc.TMA_CTC_MASK) != 0) {
                return -PtError.INTERNAL.code();
            }
            // Take the high bits TMA lacks from this MTC, one TMA period back if its low bits
            // are already past this MTC's, dropping bits an MTC cannot have.
            int ctcLo = mtcCtc & Ctc.TMA_CTC_MASK;
            int ctcHi = mtcCtc & ~Ctc.TMA_CTC_MASK;
            if (Integer.compareUnsigned(ctcLo, lastCtc) < 0) {
                ctcHi -= 1 << Ctc.TMA_CTC_BITS;
                ctcHi &= Ctc.MTC_MASK << config.mtcFreq();
            }
            lastCtc |= ctcHi;
        }

        long delta = Ctc.delta(mtcCtc, lastCtc, config);
        if (delta < 0) {
            lostMtc += 1;
            return (int) delta;
        }
        if (!config.hasCtcRatio()) {
            return -PtError.BAD_CONFIG.code();
        }
        newBase += Ctc.toFc(delta, config);
        tsc = newBase;
        base = newBase;
        return 0;
    }

    /**
     * Applies a CYC packet (libipt {@code pt_time_update_cyc}).
     *
     * @param cyc the packet's cycle count (unsigned 64 bits)
     * @param fcr the calibrated fast-counter:cycles ratio with {@link TimeCalibration#FCR_SHIFT}
     *     fraction bits, as {@link TimeCalibration#fcr()} gives it; 0 if there is none, which
     *     counts the CYC as lost
     * @return 0; {@code -BAD_PACKET} or {@code -BAD_CONFIG} if the cycles of earlier MTC periods
     *     cannot be estimated
     */
    public int updateCyc(long cyc, long fcr) {
        if (fcr == 0) {
            lostCyc += 1;
            return 0;
        }
        long cycles = cyc;
        long newFc = fc;
        if (newFc == 0) {
            int status = adjustCyc(cycles, fcr);
            if (status < 0) {
                return status;
            }
            cycles = adjustedCyc;
        }
        newFc += (cycles * fcr) >>> TimeCalibration.FCR_SHIFT;
        fc = newFc;
        tsc = base + newFc;
        return 0;
    }

    /**
     * Removes from a CYC payload the cycles that belong to earlier MTC periods (libipt
     * {@code pt_time_adjust_cyc}) and leaves the rest in {@link #adjustedCyc}: when the CYC is the
     * first since the FastCounter was cleared and the CTC moved since then, the cycles
     * {@code ((CTC delta in TSC ticks) << 8) / fcr} are attributed to the earlier periods; if the
     * payload is smaller, all of it is.
     *
     * @return 0, or {@code -BAD_PACKET}/{@code -BAD_CONFIG} as {@link #updateMtc(int)}
     */
    private int adjustCyc(long cyc, long fcr) {
        adjustedCyc = cyc;
        int lastCtc = ctcCyc;
        if (ctc == lastCtc) {
            return 0;
        }
        long delta = Ctc.delta(ctc, lastCtc, config);
        if (delta < 0) {
            return (int) delta;
        }
        if (!config.hasCtcRatio()) {
            return -PtError.BAD_CONFIG.code();
        }
        long periodFc = Ctc.toFc(delta, config);
        long oldCyc = Long.divideUnsigned(periodFc << TimeCalibration.FCR_SHIFT, fcr);
        long total = cyc;
        // Rather run too slow than too fast: never wrap below zero.
        if (Long.compareUnsigned(total, oldCyc) < 0) {
            total = oldCyc;
        }
        adjustedCyc = total - oldCyc;
        return 0;
    }

    @Override
    public String toString() {
        return "TimeEstimator[tsc=0x" + Long.toHexString(tsc) + ", base=0x" + Long.toHexString(base)
                + ", fc=0x" + Long.toHexString(fc) + ", ctc=0x" + Integer.toHexString(ctc)
                + ", ctcCyc=0x" + Integer.toHexString(ctcCyc) + ", lostMtc=" + lostMtc
                + ", lostCyc=" + lostCyc + ", cbr=" + cbr + ", haveTsc=" + haveTsc
                + ", haveCbr=" + haveCbr + ", haveTma=" + haveTma + ", haveMtc=" + haveMtc + "]";
    }
}
