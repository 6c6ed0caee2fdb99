package dev.hindsight.pt.image;

import java.util.List;

/**
 * What {@link ElfLoader} mapped from one ELF file.
 *
 * @param file the file name
 * @param isids the isids of the sections, one per loaded {@code PT_LOAD} segment, in program
 *     header order
 * @param warnings problems that ptxed reports as warnings and skips (a segment outside the file,
 *     no loadable segment); empty if none
 */
public record ElfLoadResult(String file, List<Integer> isids, List<String> warnings) {

    /** Creates the result, copying the lists. */
    public ElfLoadResult {
        isids = List.copyOf(isids);
        warnings = List.copyOf(warnings);
    }
}
