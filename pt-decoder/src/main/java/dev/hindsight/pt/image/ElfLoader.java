package dev.hindsight.pt.image;

import dev.hindsight.pt.image.internal.ElfHeaders;
import dev.hindsight.pt.image.internal.ElfHeaders.BadElfException;
import dev.hindsight.pt.image.internal.ElfHeaders.Segment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the {@code PT_LOAD} segments of an ELF executable or shared object into an image, as
 * ptxed's {@code --elf} ({@code load_elf()}): each segment's {@code p_filesz} bytes become one
 * cached section at {@code p_vaddr}, moved by {@code base - lowest p_vaddr} when a non-zero base
 * is given. The bytes past {@code p_filesz} (bss) are not mapped. Prints nothing: ptxed's
 * warnings are returned in the result.
 */
public final class ElfLoader {

    private ElfLoader() {
    }

    /**
     * Parses and loads an {@code --elf} argument.
     *
     * @param arg the argument, {@code <file>[:<base>]}
     * @param dir the directory relative file names are resolved against
     * @param cache the cache the sections are added to
     * @param image the image they are mapped into, for every address space
     * @return the isids and warnings
     * @throws ImageLoadException when the file is missing, unreadable or not a loadable ELF file
     */
    public static ElfLoadResult load(String arg, Path dir, SectionCache cache, Image image)
            throws ImageLoadException {
        return load(ElfOption.parse(arg), dir, cache, image);
    }

    /**
     * Loads a parsed {@code --elf} argument.
     *
     * @param option the file and base
     * @param dir the directory relative file names are resolved against
     * @param cache the cache the sections are added to
     * @param image the image they are mapped into, for every address space
     * @return the isids and warnings
     * @throws ImageLoadException when the file is missing, unreadable or not a loadable ELF file
     */
    public static ElfLoadResult load(ElfOption option, Path dir, SectionCache cache, Image image)
            throws ImageLoadException {
        Path file = dir.resolve(option.file());
        String name = file.toString();
        ElfHeaders headers;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            headers = ElfHeaders.read(ch);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(name, "no such file", e);
        } catch (BadElfException e) {
            throw new ImageLoadException(name, e.getMessage());
        } catch (IOException e) {
            throw new ImageLoadException(name, "cannot read: " + e.getMessage(), e);
        }
        long shift = option.base() == 0 ? 0 : option.base() - headers.minLoadAddress();
        List<Integer> isids = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Segment s : headers.segments()) {
            if (s.type() != ElfHeaders.PT_LOAD || s.fileSize() == 0) {
                continue;
            }
            try {
                int isid = cache.addFile(file, s.offset(), s.fileSize(), s.vaddr() + shift);
                image.addCached(cache, isid, Asid.ANY);
                isids.add(isid);
            } catch (ImageLoadException e) {
                warnings.add(name + ": failed to create section for phdr " + s.index() + ": "
                        + e.problem());
            }
        }
        if (isids.isEmpty()) {
            warnings.add(name + ": did not find any load sections");
        }
        return new ElfLoadResult(name, isids, warnings);
    }
}
