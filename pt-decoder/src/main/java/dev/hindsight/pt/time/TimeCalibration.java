package dev.hindsight.pt.time;

import dev.hindsight.pt.PtError;

import java.util.Objects;

/**
 * The estimate of the fast-counter:cycles ratio (fcr) that turns CYC cycle counts into TSC ticks
 * (libipt {@code struct pt_time_cal}, {@code pt_tcal_*}).
 *
 * <p>The ratio is fixed point with {@link #FCR_SHIFT} fraction bits: {@code tsc ticks =
 * (cycles * fcr) >> 8}. It is estimated from (Intel SDM Vol. 3C, Intel Processor Trace,
 * "Tracking Time"):
 * <ul>
 *   <li><b>CBR</b>: {@code fcr = (nomFreq << 8) / cbr}, the nominal (P1) over the current
 *       core:bus ratio, when the nominal frequency is configured. A CBR outside PSB+ is a
 *       frequency change and first resets the calibration.</li>
 *   <li><b>MTC</b>: the CTC distance between two MTCs in TSC ticks ({@code delta * EBX / EAX}),
 *       {@code fcr = (fc << 8) / cycles}, counting the CYC payloads in between. Without cycles
 *       the next MTC period is added on. Preferred to TSC.</li>
 *   <li><b>TSC</b> in PSB+: {@code fcr = ((tsc - lastTsc) << 8) / cycles} since the last TSC,
 *       one wrap of the 56-bit TSC corrected, unless MTCs calibrate. A TSC outside PSB+ may
 *       follow a loss of time and only starts a new count.</li>
 * </ul>
 * With erratum SKL168 (a wrap CYC can be dropped right before a PSB) the first MTC after a PSB
 * does not calibrate if MTCs were lost ({@code delta > 2^mtcFreq}) or, for {@code mtcFreq < 10}
 * with a ratio known, if {@code (fcr * (cycles + 0xf00)) >> 8} is below the period's ticks.
 *
 * <p>{@link #hasFcr()} is true once any ratio was set, and stays true until a reset. Update
 * methods return {@code 0} or {@code -PtError.code()} as libipt does. Not thread-safe.
 */
public final class TimeCalibration {

    /**
     * Fraction bits of the fcr (libipt {@code pt_tcal_fcr_shr}). {@link #fcr()} is already
     * shifted; pass it to {@link TimeEstimator#updateCyc(long, long)} as is.
     */
    public static final int FCR_SHIFT = 8;

    private static final long FCR_OVERFLOW_MASK = ~(-1L >>> FCR_SHIFT);
    /** CYC slack for SKL168: a little less than the 4096-cycle wrap of the affected parts. */
    private static final long SKL168_CYC_SLACK = 0xf00;
    /** SKL168's wrap-CYC check is only meaningful for frequent MTCs. */
    private static final int SKL168_MAX_MTC_FREQ = 10;

    private final TimeConfig config;

    private long fcr;
    private long minFcr;
    private long maxFcr;
    private long tsc;
    private long cycTsc;
    private long cycMtc;
    private int ctc;
    private int lostMtc;
    private boolean haveMtc;
    private boolean checkSkl168;

    /**
     * Creates an uncalibrated state (libipt {@code pt_tcal_init}).
     *
     * @param config the CPU's timing parameters
     */
    public TimeCalibration(TimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        reset();
    }

    /** The configuration this calibration uses. */
    public TimeConfig config() {
        return config;
    }

    /** Forgets everything, as after construction (libipt {@code pt_tcal_init}). */
    public void reset() {
        fcr = 0;
        minFcr = -1L;
        maxFcr = 0;
        tsc = 0;
        cycTsc = 0;
        cycMtc = 0;
        ctc = 0;
        lostMtc = 0;
        haveMtc = false;
        checkSkl168 = false;
    }

    /**
     * Copies another calibration's state into this one (libipt copies the struct by value).
     *
     * @param other a calibration with the same configuration
     */
    public void copyFrom(TimeCalibration other) {
        if (!config.equals(other.config)) {
            throw new IllegalArgumentException("different time configuration");
        }
        fcr = other.fcr;
        minFcr = other.minFcr;
        maxFcr = other.maxFcr;
        tsc = other.tsc;
        cycTsc = other.cycTsc;
        cycMtc = other.cycMtc;
        ctc = other.ctc;
        lostMtc = other.lostMtc;
        haveMtc = other.haveMtc;
        checkSkl168 = other.checkSkl168;
    }

    /** Whether a ratio has been estimated or set since the last reset. */
    public boolean hasFcr() {
        return Long.compareUnsigned(minFcr, maxFcr) <= 0;
    }

    /**
     * Checks for a ratio (libipt {@code pt_tcal_fcr}'s status).
     *
     * @return 0 if {@link #fcr()} holds a ratio, {@code -NO_TIME} otherwise
     */
    public int queryFcr() {
        return hasFcr() ? 0 : -PtError.NO_TIME.code();
    }

    /** The current ratio with {@link #FCR_SHIFT} fraction bits; valid when {@link #hasFcr()}. */
    public long fcr() {
        return fcr;
    }

    /** The ratio, or 0 if there is none: what decoders pass to CYC updates. */
    public long fcrOrZero() {
        return hasFcr() ? fcr : 0;
    }

    /** MTCs that did not calibrate since the last one that did (unsigned). */
    public int lostMtc() {
        return lostMtc;
    }

    /**
     * Sets the ratio, for example an initial guess until packets provide one (libipt
     * {@code pt_tcal_set_fcr}).
     *
     * @param value the ratio with {@link #FCR_SHIFT} fraction bits (unsigned)
     * @return 0
     */
    public int setFcr(long value) {
        fcr = value;
        if (Long.compareUnsigned(value, minFcr) < 0) {
            minFcr = value;
        }
        if (Long.compareUnsigned(value, maxFcr) > 0) {
            maxFcr = value;
        }
        return 0;
    }

    /**
     * Notes a PSB packet (libipt {@code pt_tcal_update_psb}): with SKL168 the next MTC is checked.
     *
     * @return 0
     */
    public int updatePsb() {
        if (config.skl168()) {
            checkSkl168 = true;
        }
        return 0;
    }

    /**
     * Applies a TSC packet outside PSB+ (libipt {@code pt_tcal_update_tsc}): it may follow lost
     * time, so it only starts a new cycle count.
     *
     * @param tscPayload the packet's TSC value
     * @return 0
     */
    public int updateTsc(long tscPayload) {
        tsc = tscPayload;
        cycTsc = 0;
        return 0;
    }

    /**
     * Applies a TSC packet inside PSB+ (libipt {@code pt_tcal_header_tsc}): calibrates from the
     * cycles since the last TSC unless MTCs calibrate.
     *
     * @param tscPayload the packet's TSC value
     * @return 0; {@code -BAD_PACKET} if the TSC went back by more than one 56-bit wrap;
     *     {@code -INTERNAL} if the distance is too big to shift
     */
    public int headerTsc(long tscPayload) {
        long lastTsc = tsc;
        long cyc = cycTsc;
        long now = tscPayload;

        tsc = now;
        cycTsc = 0;

        if (lastTsc == 0 || cyc == 0) {
            return 0;
        }
        if (haveMtc) {
            return 0;
        }
        if (Long.compareUnsigned(now, lastTsc) < 0) {
            now += 1L << Ctc.TSC_BITS;
            if (Long.compareUnsigned(now, lastTsc) < 0) {
                return -PtError.BAD_PACKET.code();
            }
        }
        long delta = now - lastTsc;
        if ((delta & FCR_OVERFLOW_MASK) != 0) {
            return -PtError.INTERNAL.code();
        }
        return setFcr(Long.divideUnsigned(delta << FCR_SHIFT, cyc));
    }

    /**
     * Applies a CBR packet outside PSB+ (libipt {@code pt_tcal_update_cbr}): a frequency change,
     * so the calibration restarts from the new ratio.
     *
     * @param ratio the packet's core:bus ratio (low 8 bits are used)
     * @return as {@link #headerCbr(int)}
     */
    public int updateCbr(int ratio) {
        reset();
        return headerCbr(ratio);
    }

    /**
     * Applies a CBR packet inside PSB+ (libipt {@code pt_tcal_header_cbr}):
     * {@code fcr = (nomFreq << 8) / ratio} if the nominal frequency is known.
     *
     * @param ratio the packet's core:bus ratio (low 8 bits are used)
     * @return 0, or {@code -BAD_PACKET} if the ratio is zero and the nominal frequency is known
     */
    public int headerCbr(int ratio) {
        long p1 = config.nomFreq();
        if (p1 == 0) {
            return 0;
        }
        long cbr = ratio & 0xff;
        if (cbr == 0) {
            return -PtError.BAD_PACKET.code();
        }
        return setFcr((p1 << FCR_SHIFT) / cbr);
    }

    /**
     * Applies a TMA packet (libipt {@code pt_tcal_update_tma}): nothing to calibrate.
     *
     * @param ctcPayload the packet's CTC[15:0]
     * @param fcPayload the packet's FastCounter
     * @return 0
     */
    public int updateTma(int ctcPayload, int fcPayload) {
        return 0;
    }

    /**
     * Applies an MTC packet (libipt {@code pt_tcal_update_mtc}): calibrates from the cycles
     * counted since the previous MTC.
     *
     * @param ctcPayload the packet's 8-bit CTC payload
     * @return 0; {@code -BAD_PACKET} if the CTC went back by more than one wrap;
     *     {@code -BAD_CONFIG} if CPUID.15H is unknown; {@code -INTERNAL} if the period is too
     *     long to shift. After an error the MTC counts in {@link #lostMtc()}.
     */
    public int updateMtc(int ctcPayload) {
        int lastCtc = ctc;
        boolean hadMtc = haveMtc;
        long cyc = cycMtc;
        boolean check = checkSkl168;

        // SKL168 only concerns the first MTC after a PSB.
        checkSkl168 = false;

        int mtcCtc = Ctc.fromMtc(ctcPayload, config);

        // It takes two MTCs to measure a period.
        if (!hadMtc) {
            cycMtc = 0;
            ctc = mtcCtc;
            haveMtc = true;
            return 0;
        }
        // No cycles: spread the next period's cycles over both periods.
        if (cyc == 0) {
            return 0;
        }

        haveMtc = true;
        cycMtc = 0;
        ctc = mtcCtc;

        // Counted as lost until the new ratio is set below.
        lostMtc += 1;

        long delta = Ctc.delta(mtcCtc, lastCtc, config);
        if (delta < 0) {
            return (int) delta;
        }
        if (!config.hasCtcRatio()) {
            return -PtError.BAD_CONFIG.code();
        }
        long fc = Ctc.toFc(delta, config);
        if ((fc & FCR_OVERFLOW_MASK) != 0) {
            return -PtError.INTERNAL.code();
        }
        long newFcr = Long.divideUnsigned(fc << FCR_SHIFT, cyc);

        if (check) {
            // SKL168: lost MTCs since the PSB make the period unusable.
            if (Long.compareUnsigned(Integer.toUnsignedLong(1 << config.mtcFreq()), delta) < 0) {
                return 0;
            }
            // A dropped wrap CYC shows as too few cycles for the period: with the previous
            // ratio and a little less than one wrap added, the cycles should cover it.
            if (config.mtcFreq() < SKL168_MAX_MTC_FREQ && hasFcr()) {
                long expected = (fcr * (cyc + SKL168_CYC_SLACK)) >>> FCR_SHIFT;
                if (Long.compareUnsigned(expected, fc) < 0) {
                    return 0;
                }
            }
        }

        setFcr(newFcr);
        lostMtc = 0;
        return 0;
    }

    /**
     * Counts a CYC packet's cycles for the next MTC or TSC calibration (libipt
     * {@code pt_tcal_update_cyc}).
     *
     * @param cyc the packet's cycle count (unsigned)
     * @return 0
     */
    public int updateCyc(long cyc) {
        cycMtc += cyc;
        cycTsc += cyc;
        return 0;
    }

    /**
     * Applies an OVF packet as libipt's decoders and ptdump do: with
     * {@link TimeConfig#keepTcalOnOvf()} the ratio survives and only the counting restarts
     * (libipt {@code pt_tcal_update_ovf}); otherwise everything is reset ({@code pt_tcal_init}).
     *
     * @return 0
     */
    public int updateOvf() {
        if (!config.keepTcalOnOvf()) {
            reset();
            return 0;
        }
        tsc = 0;
        cycTsc = 0;
        cycMtc = 0;
        ctc = 0;
        haveMtc = false;
        return 0;
    }

    @Override
    public String toString() {
        return "TimeCalibration[fcr=0x" + Long.toHexString(fcr) + ", hasFcr=" + hasFcr()
                + ", tsc=0x" + Long.toHexString(tsc) + ", cycTsc=" + Long.toUnsignedString(cycTsc)
                + ", cycMtc=" + Long.toUnsignedString(cycMtc) + ", ctc=0x"
                + Integer.toHexString(ctc) + ", lostMtc=" + lostMtc + ", haveMtc=" + haveMtc
                + ", checkSkl168=" + checkSkl168 + "]";
    }
}
