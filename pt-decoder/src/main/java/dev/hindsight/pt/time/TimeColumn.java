package dev.hindsight.pt.time;

import dev.hindsight.pt.PtError;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * ptdump's time tracking: what it computes and prints for each packet under {@code --time},
 * {@code --tcal}, {@code --time-delta}, {@code --no-tcal}, {@code --no-wall-clock},
 * {@code --no-cyc} and {@code --keep-tcal-on-ovf} (libipt {@code ptdump.c}: {@code track_tsc},
 * {@code track_cbr}, {@code track_tma}, {@code track_mtc}, {@code track_cyc}, {@code print_time},
 * {@code print_tcal}, and the PSB/PSBEND/OVF cases of {@code print_packet}).
 *
 * <p>Call the method for every packet of its type, in stream order, also for packets whose line
 * is not printed ({@code --no-timing} only hides lines; it does not stop tracking). Each timing
 * method returns the tracking column ptdump prints after the payload, or {@code null} if there is
 * none; diagnostics ptdump prints while tracking (before the packet's own line) go to the
 * {@code diag} sink as whole lines such as {@code [2c: calibration error: no timing information]}.
 *
 * <p>The column rules:
 * <ul>
 *   <li>{@code tsc} (with {@code --time}) after TSC, TMA, MTC and CYC packets, not after CBR:
 *       {@code %016x} of the estimate, or with {@code --time-delta} {@code +%x}/{@code -%x} of
 *       the change since the last printed estimate. Without a TSC yet, the diagnostic
 *       {@code error printing time: no timing information} and {@code <unavailable>}, unless
 *       {@code --no-wall-clock}, which prints the estimate relative to zero.</li>
 *   <li>{@code fcr} (with {@code --tcal}) after TSC, CBR and MTC packets: the ratio divided by
 *       256 as {@code %.3f}, or with {@code --time-delta} {@code %+.3f} of the change; without a
 *       ratio the diagnostic {@code error printing time: no timing information} and
 *       {@code <unavailable>}.</li>
 *   <li>A CYC without a ratio prints {@code calibration error: no timing information} (unless
 *       {@code --no-tcal}) and {@code error updating time: no calibration}.</li>
 *   <li>The column holds at most 16 characters, as ptdump's buffer does.</li>
 * </ul>
 * TSC and CBR calibrate in header form between PSB and PSBEND. After a decode error ptdump
 * resynchronizes and calls {@link #reset()}. Not thread-safe.
 *
 * <p>Use from a ptdump printer:
 * <pre>{@code
 * TimeColumn time = new TimeColumn(timeConfig, timeOptions, out::println);
 * // per packet, in stream order:
 * case PSB    -> time.psb(offset);
 * case PSBEND -> time.psbend();
 * case OVF    -> time.ovf(offset);
 * case TSC    -> cell = time.tsc(offset, tsc);
 * case CBR    -> cell = time.cbr(offset, ratio);
 * case TMA    -> cell = time.tma(offset, ctc, fc);
 * case MTC    -> cell = time.mtc(offset, ctc);
 * case CYC    -> cell = time.cyc(offset, cyc);
 * // ptdump then prints the line; with a cell: " %-25s" payload, " %-5s" cell.id(),
 * // cell.payload() (print_buffer in ptdump.c).
 * }</pre>
 */
public final class TimeColumn {

    /** The width of ptdump's tracking payload buffer, without its terminating NUL. */
    private static final int PAYLOAD_WIDTH = 16;

    private final Options options;
    private final Consumer<String> diag;
    private final TimeEstimator time;
    private final TimeCalibration tcal;
    private final TimeHolder holder = new TimeHolder();

    private long lastTsc;
    private long lastFcr;
    private boolean inHeader;

    /**
     * Creates ptdump's tracking state.
     *
     * @param config the CPU's timing parameters ({@code --mtc-freq}, {@code --nom-freq},
     *     {@code --cpuid-0x15.*}, {@code --cpu} errata, {@code --keep-tcal-on-ovf})
     * @param options ptdump's time options
     * @param diag receives each diagnostic line, without line terminator
     */
    public TimeColumn(TimeConfig config, Options options, Consumer<String> diag) {
        this.options = Objects.requireNonNull(options, "options");
        this.diag = Objects.requireNonNull(diag, "diag");
        this.time = new TimeEstimator(config);
        this.tcal = new TimeCalibration(config);
    }

    /** The time estimate, for callers that correlate other data (sideband) with it. */
    public TimeEstimator estimator() {
        return time;
    }

    /** The calibration state. */
    public TimeCalibration calibration() {
        return tcal;
    }

    /** Forgets all time, as ptdump does after resynchronizing ({@code ptdump_tracking_reset}). */
    public void reset() {
        time.reset();
        tcal.reset();
        lastTsc = 0;
        lastFcr = 0;
        inHeader = false;
    }

    /** A PSB packet: PSB+ starts; calibration notes it for SKL168. */
    public void psb(long offset) {
        if (options.trackTime()) {
            report("error calibrating time", offset, tcal.updatePsb());
        }
        inHeader = true;
    }

    /** A PSBEND packet: PSB+ ends. */
    public void psbend() {
        inHeader = false;
    }

    /** An OVF packet: calibration is reset, or kept with {@code --keep-tcal-on-ovf}. */
    public void ovf(long offset) {
        if (options.trackTime()) {
            report("error calibrating time", offset, tcal.updateOvf());
        }
    }

    /**
     * A TSC packet.
     *
     * @return the {@code tsc} or {@code fcr} column, or {@code null}
     */
    public Cell tsc(long offset, long tscPayload) {
        if (!options.trackTime()) {
            return null;
        }
        if (!options.noTcal()) {
            int st = inHeader ? tcal.headerTsc(tscPayload) : tcal.updateTsc(tscPayload);
            report("error calibrating time", offset, st);
        }
        report("error updating time", offset, time.updateTsc(tscPayload));
        return column(offset, false, false);
    }

    /**
     * A CBR packet; it never shows {@code tsc}.
     *
     * @return the {@code fcr} column, or {@code null}
     */
    public Cell cbr(long offset, int ratio) {
        if (!options.trackTime()) {
            return null;
        }
        if (!options.noTcal()) {
            int st = inHeader ? tcal.headerCbr(ratio) : tcal.updateCbr(ratio);
            report("error calibrating time", offset, st);
        }
        report("error updating time", offset, time.updateCbr(ratio));
        return column(offset, true, false);
    }

    /**
     * A TMA packet; it never shows {@code fcr}.
     *
     * @return the {@code tsc} column, or {@code null}
     */
    public Cell tma(long offset, int ctc, int fc) {
        if (!options.trackTime()) {
            return null;
        }
        if (!options.noTcal()) {
            report("error calibrating time", offset, tcal.updateTma(ctc, fc));
        }
        report("error updating time", offset, time.updateTma(ctc, fc));
        return column(offset, false, true);
    }

    /**
     * An MTC packet.
     *
     * @return the {@code tsc} or {@code fcr} column, or {@code null}
     */
    public Cell mtc(long offset, int ctc) {
        if (!options.trackTime()) {
            return null;
        }
        if (!options.noTcal()) {
            report("error calibrating time", offset, tcal.updateMtc(ctc));
        }
        report("error updating time", offset, time.updateMtc(ctc));
        return column(offset, false, false);
    }

    /**
     * A CYC packet; it never shows {@code fcr}, and is ignored entirely with {@code --no-cyc}
     * (whose line ptdump does not print either).
     *
     * @return the {@code tsc} column, or {@code null}
     */
    public Cell cyc(long offset, long cyc) {
        if (!options.trackTime() || options.noCyc()) {
            return null;
        }
        long fcr = 0;
        if (!options.noTcal()) {
            int st = tcal.queryFcr();
            if (st < 0) {
                report("calibration error", offset, st);
            } else {
                fcr = tcal.fcr();
            }
            report("error calibrating time", offset, tcal.updateCyc(cyc));
        }
        int st = time.updateCyc(cyc, fcr);
        if (st < 0) {
            report("error updating time", offset, st);
        } else if (fcr == 0) {
            diag.accept(diagLine("error updating time: no calibration", offset, 0));
        }
        return column(offset, false, true);
    }

    /**
     * One of ptdump's diagnostic lines ({@code diag()}): {@code [offset: what: error]}, or
     * {@code [offset: what]} for status 0, the offset in lower-case hex without padding.
     *
     * @param what the message
     * @param offset the packet's offset
     * @param status 0 or a negative error code
     * @return the line, without terminator
     */
    public static String diagLine(String what, long offset, int status) {
        String head = "[" + Long.toHexString(offset) + ": " + what;
        return status == 0 ? head + "]" : head + ": " + PtError.of(status).message() + "]";
    }

    private void report(String what, long offset, int status) {
        if (status < 0) {
            diag.accept(diagLine(what, offset, status));
        }
    }

    /** ptdump's {@code track_time}: the calibration column, then the time column, if wanted. */
    private Cell column(long offset, boolean skipTime, boolean skipTcal) {
        Cell cell = null;
        if (options.showTcal() && !skipTcal) {
            cell = fcrCell(offset);
        }
        if (options.showTime() && !skipTime) {
            cell = tscCell(offset);
        }
        return cell;
    }

    private Cell tscCell(long offset) {
        int st = time.query(holder);
        if (st < 0 && !(st == -PtError.NO_TIME.code() && options.noWallClock())) {
            diag.accept(diagLine("error printing time", offset, st));
            return new Cell("tsc", "<unavailable>");
        }
        long tsc = holder.tsc();
        if (!options.timeDelta()) {
            return new Cell("tsc", hex16(tsc));
        }
        long old = lastTsc;
        lastTsc = tsc;
        String text = Long.compareUnsigned(old, tsc) <= 0
                ? "+" + Long.toHexString(tsc - old)
                : "-" + Long.toHexString(old - tsc);
        return new Cell("tsc", fit(text));
    }

    private Cell fcrCell(long offset) {
        int st = tcal.queryFcr();
        if (st < 0) {
            diag.accept(diagLine("error printing time", offset, st));
            return new Cell("fcr", "<unavailable>");
        }
        long fcr = tcal.fcr();
        double value = unsignedToDouble(fcr) / (double) (1L << TimeCalibration.FCR_SHIFT);
        if (!options.timeDelta()) {
            return new Cell("fcr", fit(fixed3(value, false)));
        }
        double old = unsignedToDouble(lastFcr) / (double) (1L << TimeCalibration.FCR_SHIFT);
        lastFcr = fcr;
        return new Cell("fcr", fit(fixed3(value - old, true)));
    }

    /** {@code %016x}. */
    private static String hex16(long value) {
        String hex = Long.toHexString(value);
        return "0000000000000000".substring(hex.length()) + hex;
    }

    /** ptdump's snprintf into a 17-byte buffer keeps the first 16 characters. */
    private static String fit(String text) {
        return text.length() <= PAYLOAD_WIDTH ? text : text.substring(0, PAYLOAD_WIDTH);
    }

    /**
     * C's {@code %.3f} (or {@code %+.3f}): the exact binary value rounded half-to-even to three
     * decimals, as glibc prints it (Java's Formatter would round half-up).
     */
    static String fixed3(double value, boolean plus) {
        boolean negative = Double.doubleToRawLongBits(value) < 0;
        String digits = new BigDecimal(Math.abs(value)).setScale(3, RoundingMode.HALF_EVEN)
                .toPlainString();
        if (negative) {
            return "-" + digits;
        }
        return plus ? "+" + digits : digits;
    }

    /** C's conversion of a {@code uint64_t} to {@code double}, rounding to nearest. */
    static double unsignedToDouble(long value) {
        if (value >= 0) {
            return (double) value;
        }
        // Halve with the lost bit kept sticky so the rounding matches, then double again.
        return ((double) ((value >>> 1) | (value & 1))) * 2.0;
    }

    /**
     * A tracking column: ptdump prints {@code id} left-aligned in 5 characters, then
     * {@code payload}.
     *
     * @param id {@code "tsc"} or {@code "fcr"}
     * @param payload the value text
     */
    public record Cell(String id, String payload) {
        /** Creates a cell. */
        public Cell {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** ptdump's time options. Immutable; build with {@link #builder()}. */
    public static final class Options {
        private final boolean showTime;
        private final boolean showTcal;
        private final boolean trackOnly;
        private final boolean timeDelta;
        private final boolean noTcal;
        private final boolean noWallClock;
        private final boolean noCyc;

        private Options(Builder b) {
            this.showTime = b.showTime;
            this.showTcal = b.showTcal;
            this.trackOnly = b.trackOnly;
            this.timeDelta = b.timeDelta;
            this.noTcal = b.noTcal;
            this.noWallClock = b.noWallClock;
            this.noCyc = b.noCyc;
        }

        /** A builder with every option off. */
        public static Builder builder() {
            return new Builder();
        }

        /** Whether time is tracked at all: {@code --time}, {@code --tcal} or sideband. */
        public boolean trackTime() {
            return showTime || showTcal || trackOnly;
        }

        /** {@code --time}: show the estimated TSC. */
        public boolean showTime() {
            return showTime;
        }

        /** {@code --tcal}: show the calibration. */
        public boolean showTcal() {
            return showTcal;
        }

        /** {@code --time-delta}: show changes rather than values. */
        public boolean timeDelta() {
            return timeDelta;
        }

        /** {@code --no-tcal}: do not calibrate, so CYC packets cannot be used. */
        public boolean noTcal() {
            return noTcal;
        }

        /** {@code --no-wall-clock}: print time relative to zero before the first TSC. */
        public boolean noWallClock() {
            return noWallClock;
        }

        /** {@code --no-cyc}: ignore CYC packets. */
        public boolean noCyc() {
            return noCyc;
        }

        /** Collects the options. */
        public static final class Builder {
            private boolean showTime;
            private boolean showTcal;
            private boolean trackOnly;
            private boolean timeDelta;
            private boolean noTcal;
            private boolean noWallClock;
            private boolean noCyc;

            private Builder() {
            }

            /**
             * {@code --time}; ptdump rejects it together with {@code --tcal} ("specify either
             * --time or --tcal.").
             */
            public Builder showTime(boolean value) {
                this.showTime = value;
                return this;
            }

            /** {@code --tcal}. */
            public Builder showTcal(boolean value) {
                this.showTcal = value;
                return this;
            }

            /** Track time without showing it, as ptdump does for sideband correlation. */
            public Builder trackTime(boolean value) {
                this.trackOnly = value;
                return this;
            }

            /** {@code --time-delta}. */
            public Builder timeDelta(boolean value) {
                this.timeDelta = value;
                return this;
            }

            /** {@code --no-tcal}. */
            public Builder noTcal(boolean value) {
                this.noTcal = value;
                return this;
            }

            /** {@code --no-wall-clock}. */
            public Builder noWallClock(boolean value) {
                this.noWallClock = value;
                return this;
            }

            /** {@code --no-cyc}. */
            public Builder noCyc(boolean value) {
                this.noCyc = value;
                return this;
            }

            /** The options. */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
