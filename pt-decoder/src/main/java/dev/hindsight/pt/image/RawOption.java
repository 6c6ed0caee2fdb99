package dev.hindsight.pt.image;

import dev.hindsight.errata.CNumber;

/**
 * A parsed ptxed {@code --raw <file>[:<from>[-<to>]]:<base>} argument: load bytes
 * {@code [from, to)} of {@code file} (from 0 to the end of the file by default) at virtual
 * address {@code base}.
 *
 * <p>Parsed exactly as ptxed's {@code extract_base()} and {@code preprocess_filename()}: the base
 * is the text after the last {@code ':'}; of the rest, the text after its last {@code ':'} is a
 * range if it reads as {@code from} or {@code from-to}, else it is part of the file name. Numbers
 * are read as C's {@code strtoull(.., 0)} reads them: decimal, {@code 0x} hex or leading-zero
 * octal. So {@code truncated.bin:0x2:0x1002} loads {@code truncated.bin} from offset 2 to its end
 * at 0x1002.
 *
 * @param file the file name as given
 * @param offset the first file offset to load
 * @param size the number of bytes to load; -1 (2^64-1) means up to the end of the file
 * @param base the virtual address of the byte at {@code offset}
 */
public record RawOption(String file, long offset, long size, long base) {

    /** The size that means "up to the end of the file". */
    public static final long TO_END = -1L;

    /**
     * Parses a {@code --raw} argument.
     *
     * @param arg the argument, e.g. {@code code.bin:0x10-0x20:0x401000}
     * @return the parsed option
     * @throws ImageLoadException when there is no base address or the range is empty or reversed
     */
    public static RawOption parse(String arg) throws ImageLoadException {
        int sep = arg.lastIndexOf(':');
        Long base = sep < 0 ? null : CNumber.parseWhole(arg.substring(sep + 1));
        if (base == null) {
            throw new ImageLoadException(arg, "failed to parse base address (expected "
                    + "<file>[:<from>[-<to>]]:<base>)");
        }
        String rest = arg.substring(0, sep);
        int range = rest.lastIndexOf(':');
        if (range >= 0) {
            String text = rest.substring(range + 1);
            String file = rest.substring(0, range);
            if (!text.isEmpty()) {
                CNumber from = CNumber.read(text, 0);
                if (!from.overflow()) {
                    if (from.end() == text.length()) {
                        return new RawOption(file, from.unsigned(), TO_END, base);
                    }
                    if (text.charAt(from.end()) == '-') {
                        CNumber to = CNumber.read(text, from.end() + 1);
                        if (!to.overflow() && to.end() == text.length()) {
                            if (Long.compareUnsigned(to.unsigned(), from.unsigned()) <= 0) {
                                throw new ImageLoadException(file, "bad range '" + text
                                        + "': the end must lie after the start");
                            }
                            return new RawOption(file, from.unsigned(), to.unsigned() - from.unsigned(),
                                    base);
                        }
                    }
                }
            }
            // Not a range: the ':' belongs to the file name, as ptxed assumes.
        }
        return new RawOption(rest, 0, TO_END, base);
    }

    /** Whether the load stops before the end of the file. */
    public boolean hasEnd() {
        return size != TO_END;
    }
}
