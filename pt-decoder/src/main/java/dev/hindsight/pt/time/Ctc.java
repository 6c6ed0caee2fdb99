package dev.hindsight.pt.time;

import dev.hindsight.pt.PtError;

/**
 * Crystal-clock (CTC) arithmetic shared by the estimator and the calibration: the distance
 * between two CTC values and its conversion into TSC (FastCounter) ticks.
 *
 * <p>CTC values here are the MTC payload shifted left by {@code mtcFreq}, held in 32 bits as
 * libipt holds them in a {@code uint32_t}; all shifts are Java {@code int} shifts, which mask the
 * count to 5 bits just like the x86 shift instructions libipt's C compiles to.
 */
final class Ctc {

    /** Bits in an MTC payload (libipt {@code pt_pl_mtc_bit_size}). */
    static final int MTC_BITS = 8;
    /** The MTC payload mask (libipt {@code pt_pl_mtc_mask}). */
    static final int MTC_MASK = 0xff;
    /** Bits of CTC in a TMA payload (libipt {@code pt_pl_tma_ctc_bit_size}). */
    static final int TMA_CTC_BITS = 16;
    /** The TMA CTC mask (libipt {@code pt_pl_tma_ctc_mask}). */
    static final int TMA_CTC_MASK = 0xffff;
    /** Bits in a TSC payload (libipt {@code pt_pl_tsc_bit_size}). */
    static final int TSC_BITS = 56;

    private Ctc() {
    }

    /**
     * The distance from {@code lastCtc} to {@code ctc}, correcting one wrap-around of the
     * {@code mtcFreq + 8} bits MTC provides (libipt {@code pt_time_ctc_delta}).
     *
     * @return the unsigned 32-bit distance (>= 0), or {@code -BAD_PACKET} if one wrap does not
     *     suffice
     */
    static long delta(int ctc, int lastCtc, TimeConfig config) {
        if (Integer.compareUnsigned(ctc, lastCtc) < 0) {
            ctc += 1 << (config.mtcFreq() + MTC_BITS);
            if (Integer.compareUnsigned(ctc, lastCtc) < 0) {
                return -PtError.BAD_PACKET.code();
            }
        }
        return Integer.toUnsignedLong(ctc - lastCtc);
    }

    /**
     * CTC ticks in TSC ticks: {@code ctc * CPUID.15H:EBX / CPUID.15H:EAX}, unsigned 64-bit,
     * truncating (libipt {@code pt_time_ctc_fc}). The caller checks
     * {@link TimeConfig#hasCtcRatio()} first ({@code -BAD_CONFIG} otherwise).
     */
    static long toFc(long ctc, TimeConfig config) {
        long ebx = Integer.toUnsignedLong(config.cpuid15Ebx());
        long eax = Integer.toUnsignedLong(config.cpuid15Eax());
        return Long.divideUnsigned(ctc * ebx, eax);
    }

    /** The CTC value an MTC payload stands for: {@code payload << mtcFreq}, 32 bits. */
    static int fromMtc(int payload, TimeConfig config) {
        return (payload & MTC_MASK) << config.mtcFreq();
    }
}
