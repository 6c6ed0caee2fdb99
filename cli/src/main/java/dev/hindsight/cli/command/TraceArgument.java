package dev.hindsight.cli.command;

/**
 * A trace file argument with an optional byte range, {@code <file>[:<from>[-<to>]]}, split as
 * libipt's tools do ({@code preprocess_filename}): the last {@code :} starts a range only if what
 * follows parses as one, else it belongs to the file name.
 *
 * @param file   the file name
 * @param offset the first byte, 0 by default
 * @param size   the number of bytes, 0 for the rest of the file
 */
record TraceArgument(String file, long offset, long size) {
    /**
     * Splits {@code arg}.
     *
     * @throws IllegalArgumentException if the range ends before it starts
     */
    static TraceArgument parse(String arg) {
        int colon = arg.lastIndexOf(':');
        if (colon < 0) {
            return new TraceArgument(arg, 0, 0);
        }
        String range = arg.substring(colon + 1);
        String name = arg.substring(0, colon);
        try {
            int dash = range.indexOf('-');
            if (dash < 0) {
                return new TraceArgument(name, CNumbers.parse(range, Long.MAX_VALUE), 0);
            }
            long from = CNumbers.parse(range.substring(0, dash), Long.MAX_VALUE);
            long to = CNumbers.parse(range.substring(dash + 1), Long.MAX_VALUE);
            if (to <= from) {
                throw new IllegalArgumentException("bad file " + arg + ": invalid argument");
            }
            return new TraceArgument(name, from, to - from);
        } catch (NumberFormatException e) {
            return new TraceArgument(arg, 0, 0);
        }
    }
}
