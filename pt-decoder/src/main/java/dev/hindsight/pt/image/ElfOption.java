package dev.hindsight.pt.image;

import dev.hindsight.errata.CNumber;

/**
 * A parsed ptxed {@code --elf <file>[:<base>]} argument.
 *
 * <p>As ptxed's {@code extract_base()}: if the text after the last {@code ':'} reads completely
 * as a number ({@code strtoull(.., 0)}: decimal, {@code 0x} hex, leading-zero octal), it is the
 * base and the rest is the file name; otherwise the whole argument is the file name and the base
 * is 0. A base of 0 loads the segments at their own addresses; any other base moves the whole
 * file so that its lowest {@code PT_LOAD} segment starts at the base (for PIE executables and
 * shared objects).
 *
 * @param file the file name as given
 * @param base the load address, or 0 for the addresses in the file
 */
public record ElfOption(String file, long base) {

    /**
     * Parses an {@code --elf} argument; it never fails, as in ptxed.
     *
     * @param arg the argument, e.g. {@code libc.so.6:0x7ffff7dd5000}
     * @return the parsed option
     */
    public static ElfOption parse(String arg) {
        int sep = arg.lastIndexOf(':');
        if (sep >= 0) {
            Long base = CNumber.parseWhole(arg.substring(sep + 1));
            if (base != null) {
                return new ElfOption(arg.substring(0, sep), base);
            }
        }
        return new ElfOption(arg, 0);
    }
}
