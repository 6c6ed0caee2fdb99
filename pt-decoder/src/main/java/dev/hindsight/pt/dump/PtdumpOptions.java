package dev.hindsight.pt.dump;

/**
 * What a {@link PacketDump} shows: libipt ptdump's {@code struct ptdump_options}. Immutable;
 * build with {@link #builder()}. The defaults are ptdump's: offsets shown, everything else off.
 */
public final class PtdumpOptions {
    /** ptdump's defaults. */
    public static final PtdumpOptions DEFAULT = builder().build();

    private final boolean showOffset;
    private final boolean showRawBytes;
    private final boolean showLastIp;
    private final boolean showExecMode;
    private final boolean trackTime;
    private final boolean showTime;
    private final boolean showTcal;
    private final boolean showTimeAsDelta;
    private final boolean keepTcalOnOvf;
    private final boolean quiet;
    private final boolean noPad;
    private final boolean noSync;
    private final boolean noTcal;
    private final boolean noWallClock;
    private final boolean noTiming;
    private final boolean noCyc;

    private PtdumpOptions(Builder b) {
        showOffset = b.showOffset;
        showRawBytes = b.showRawBytes;
        showLastIp = b.showLastIp;
        showExecMode = b.showExecMode;
        trackTime = b.trackTime || b.showTime || b.showTcal;
        showTime = b.showTime;
        showTcal = b.showTcal;
        showTimeAsDelta = b.showTimeAsDelta;
        keepTcalOnOvf = b.keepTcalOnOvf;
        quiet = b.quiet;
        noPad = b.noPad;
        noSync = b.noSync;
        noTcal = b.noTcal;
        noWallClock = b.noWallClock;
        noTiming = b.noTiming;
        noCyc = b.noCyc;
    }

    /** A builder with ptdump's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The offset column ({@code --no-offset} turns it off). */
    public boolean showOffset() {
        return showOffset;
    }

    /** The raw bytes column ({@code --raw}). */
    public boolean showRawBytes() {
        return showRawBytes;
    }

    /** The reconstructed IP after IP packets ({@code --lastip}). */
    public boolean showLastIp() {
        return showLastIp;
    }

    /** The execution mode after mode.exec ({@code --exec-mode}). */
    public boolean showExecMode() {
        return showExecMode;
    }

    /** Whether time is tracked: {@code --time}, {@code --tcal}, or a sideband that needs it. */
    public boolean trackTime() {
        return trackTime;
    }

    /** The estimated TSC on timing packets ({@code --time}). */
    public boolean showTime() {
        return showTime;
    }

    /** The calibration on timing packets ({@code --tcal}). */
    public boolean showTcal() {
        return showTcal;
    }

    /** Time and calibration as deltas ({@code --time-delta}). */
    public boolean showTimeAsDelta() {
        return showTimeAsDelta;
    }

    /** Keep the calibration across OVF ({@code --keep-tcal-on-ovf}). */
    public boolean keepTcalOnOvf() {
        return keepTcalOnOvf;
    }

    /** Print only errors ({@code --quiet}). */
    public boolean quiet() {
        return quiet;
    }

    /** Hide PAD packets ({@code --no-pad}). */
    public boolean noPad() {
        return noPad;
    }

    /** Start at offset 0 instead of the first PSB ({@code --no-sync}). */
    public boolean noSync() {
        return noSync;
    }

    /** Skip calibration ({@code --no-tcal}). */
    public boolean noTcal() {
        return noTcal;
    }

    /** Print relative time while no TSC is known ({@code --no-wall-clock}). */
    public boolean noWallClock() {
        return noWallClock;
    }

    /** Hide timing packets ({@code --no-timing}). */
    public boolean noTiming() {
        return noTiming;
    }

    /** Hide and ignore CYC packets ({@code --no-cyc}). */
    public boolean noCyc() {
        return noCyc;
    }

    /** Builds {@link PtdumpOptions}. */
    public static final class Builder {
        private boolean showOffset = true;
        private boolean showRawBytes;
        private boolean showLastIp;
        private boolean showExecMode;
        private boolean trackTime;
        private boolean showTime;
        private boolean showTcal;
        private boolean showTimeAsDelta;
        private boolean keepTcalOnOvf;
        private boolean quiet;
        private boolean noPad;
        private boolean noSync;
        private boolean noTcal;
        private boolean noWallClock;
        private boolean noTiming;
        private boolean noCyc;

        private Builder() {
        }

        /** See {@link PtdumpOptions#showOffset()}. */
        public Builder showOffset(boolean v) {
            showOffset = v;
            return this;
        }

        /** See {@link PtdumpOptions#showRawBytes()}. */
        public Builder showRawBytes(boolean v) {
            showRawBytes = v;
            return this;
        }

        /** See {@link PtdumpOptions#showLastIp()}. */
        public Builder showLastIp(boolean v) {
            showLastIp = v;
            return this;
        }

        /** See {@link PtdumpOptions#showExecMode()}. */
        public Builder showExecMode(boolean v) {
            showExecMode = v;
            return this;
        }

        /** Tracks time even when it is not shown (sideband correlation needs it). */
        public Builder trackTime(boolean v) {
            trackTime = v;
            return this;
        }

        /** See {@link PtdumpOptions#showTime()}; implies tracking. */
        public Builder showTime(boolean v) {
            showTime = v;
            return this;
        }

        /** See {@link PtdumpOptions#showTcal()}; implies tracking. */
        public Builder showTcal(boolean v) {
            showTcal = v;
            return this;
        }

        /** See {@link PtdumpOptions#showTimeAsDelta()}. */
        public Builder showTimeAsDelta(boolean v) {
            showTimeAsDelta = v;
            return this;
        }

        /** See {@link PtdumpOptions#keepTcalOnOvf()}. */
        public Builder keepTcalOnOvf(boolean v) {
            keepTcalOnOvf = v;
            return this;
        }

        /** See {@link PtdumpOptions#quiet()}. */
        public Builder quiet(boolean v) {
            quiet = v;
            return this;
        }

        /** See {@link PtdumpOptions#noPad()}. */
        public Builder noPad(boolean v) {
            noPad = v;
            return this;
        }

        /** See {@link PtdumpOptions#noSync()}. */
        public Builder noSync(boolean v) {
            noSync = v;
            return this;
        }

        /** See {@link PtdumpOptions#noTcal()}. */
        public Builder noTcal(boolean v) {
            noTcal = v;
            return this;
        }

        /** See {@link PtdumpOptions#noWallClock()}. */
        public Builder noWallClock(boolean v) {
            noWallClock = v;
            return this;
        }

        /** See {@link PtdumpOptions#noTiming()}. */
        public Builder noTiming(boolean v) {
            noTiming = v;
            return this;
        }

        /** See {@link PtdumpOptions#noCyc()}. */
        public Builder noCyc(boolean v) {
            noCyc = v;
            return this;
        }

        /** The options. */
        public PtdumpOptions build() {
            return new PtdumpOptions(this);
        }
    }
}
