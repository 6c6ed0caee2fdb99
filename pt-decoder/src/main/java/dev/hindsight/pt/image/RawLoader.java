package dev.hindsight.pt.image;

import java.nio.file.Path;

/**
 * Loads ptxed {@code --raw} arguments into an image through a section cache, as ptxed's
 * {@code load_raw()}: one cached section per argument, added on top of what is already mapped.
 */
public final class RawLoader {

    private RawLoader() {
    }

    /**
     * Parses and loads a {@code --raw} argument; relative file names are resolved against
     * {@code dir}.
     *
     * @param arg the argument, {@code <file>[:<from>[-<to>]]:<base>}
     * @param dir the directory relative file names are resolved against
     * @param cache the cache the section is added to
     * @param image the image it is mapped into, for every address space
     * @return the isid of the section
     * @throws ImageLoadException when the argument is malformed, the file is missing, or the
     *     range lies outside the file
     */
    public static int load(String arg, Path dir, SectionCache cache, Image image)
            throws ImageLoadException {
        return load(RawOption.parse(arg), dir, cache, image);
    }

    /**
     * Loads a parsed {@code --raw} argument.
     *
     * @param option the parsed argument
     * @param dir the directory relative file names are resolved against
     * @param cache the cache the section is added to
     * @param image the image it is mapped into, for every address space
     * @return the isid of the section
     * @throws ImageLoadException when the file is missing or the range lies outside the file
     */
    public static int load(RawOption option, Path dir, SectionCache cache, Image image)
            throws ImageLoadException {
        // As libipt's pt_mk_section(), a range reaching past the end of the file is cut there.
        Path file = dir.resolve(option.file());
        int isid = cache.addFile(file, option.offset(), option.size(), option.base());
        image.addCached(cache, isid, Asid.ANY);
        return isid;
    }
}
