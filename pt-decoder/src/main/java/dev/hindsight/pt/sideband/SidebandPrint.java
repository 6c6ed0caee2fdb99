package dev.hindsight.pt.sideband;

/**
 * What to print for each sideband record, as bits (libipt's {@code enum pt_sb_print_flag}). Zero
 * prints nothing but diagnostics.
 */
public final class SidebandPrint {
    /** One line per record ({@code --sb:compact}). */
    public static final int COMPACT = 1;
    /** One line per field ({@code --sb:verbose}). */
    public static final int VERBOSE = 1 << 1;
    /** The sideband file name first ({@code --sb:filename}). */
    public static final int FILENAME = 1 << 2;
    /** The record's offset in its file ({@code --sb:offset}). */
    public static final int FILE_OFFSET = 1 << 3;
    /** The record's time as TSC, if it has one ({@code --sb:time}). */
    public static final int TSC = 1 << 4;

    private SidebandPrint() {
    }
}
