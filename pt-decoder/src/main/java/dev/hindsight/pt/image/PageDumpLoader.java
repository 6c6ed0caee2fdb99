package dev.hindsight.pt.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a libxdc / kAFL memory dump: {@code image.addr} holds little-endian 64-bit virtual page
 * addresses and {@code image.dump} the 4 KiB pages in the same order.
 *
 * <p>Each run of pages whose addresses follow each other ({@code addr[i+1] == addr[i] + 4096})
 * becomes one cached section of the dump file, as ptxed's
 * {@code --raw image.dump:<i*4096>-<(j+1)*4096>:<addr[i]>} would load it. Pages are mapped, not
 * copied.
 */
public final class PageDumpLoader {

    /** The page size of the dump. */
    public static final int PAGE_SIZE = 4096;

    /** The address file's name in a dump directory. */
    public static final String ADDR_FILE = "image.addr";

    /** The page file's name in a dump directory. */
    public static final String DUMP_FILE = "image.dump";

    private PageDumpLoader() {
    }

    /**
     * Loads {@code image.addr} and {@code image.dump} from a directory.
     *
     * @param dir the directory
     * @param cache the cache the sections are added to
     * @param image the image they are mapped into, for every address space
     * @return the isids, one per run of consecutive pages, in dump order
     * @throws ImageLoadException when a file is missing, or their sizes do not agree
     */
    public static List<Integer> load(Path dir, SectionCache cache, Image image)
            throws ImageLoadException {
        return load(dir.resolve(ADDR_FILE), dir.resolve(DUMP_FILE), cache, image);
    }

    /**
     * Loads a page address file and its page dump.
     *
     * @param addrFile the little-endian u64 page addresses
     * @param dumpFile the pages
     * @param cache the cache the sections are added to
     * @param image the image they are mapped into, for every address space
     * @return the isids, one per run of consecutive pages, in dump order
     * @throws ImageLoadException when a file is missing, or their sizes do not agree
     */
    public static List<Integer> load(Path addrFile, Path dumpFile, SectionCache cache,
            Image image) throws ImageLoadException {
        long[] pages = readAddresses(addrFile);
        long dumpSize;
        try {
            dumpSize = Files.size(dumpFile);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(dumpFile.toString(), "no such file", e);
        } catch (IOException e) {
            throw new ImageLoadException(dumpFile.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (dumpSize != (long) pages.length * PAGE_SIZE) {
            throw new ImageLoadException(dumpFile.toString(), "holds 0x"
                    + Long.toHexString(dumpSize) + " bytes but " + addrFile.getFileName()
                    + " lists " + pages.length + " pages of 4 KiB");
        }
        List<Integer> isids = new ArrayList<>();
        int first = 0;
        for (int i = 1; i <= pages.length; i++) {
            if (i == pages.length || pages[i] != pages[i - 1] + PAGE_SIZE) {
                int isid = cache.addFile(dumpFile, (long) first * PAGE_SIZE,
                        (long) (i - first) * PAGE_SIZE, pages[first]);
                image.addCached(cache, isid, Asid.ANY);
                isids.add(isid);
                first = i;
            }
        }
        return isids;
    }

    private static long[] readAddresses(Path addrFile) throws ImageLoadException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(addrFile);
        } catch (NoSuchFileException e) {
            throw new ImageLoadException(addrFile.toString(), "no such file", e);
        } catch (IOException e) {
            throw new ImageLoadException(addrFile.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0 || bytes.length % Long.BYTES != 0) {
            throw new ImageLoadException(addrFile.toString(), "size " + bytes.length
                    + " is not a non-zero multiple of 8 (little-endian u64 page addresses)");
        }
        long[] pages = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(pages);
        return pages;
    }
}
