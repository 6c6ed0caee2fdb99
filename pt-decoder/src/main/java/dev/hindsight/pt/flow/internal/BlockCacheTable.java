package dev.hindsight.pt.flow.internal;

import dev.hindsight.pt.image.Section;

/**
 * The block cache of one section: a {@link BlockCache} entry per byte, all invalid at first.
 *
 * <p>libipt allocates its cache with {@code calloc}, which the operating system backs with
 * zero pages only where it is written; a Java array is zeroed whole when it is allocated, which
 * for a large section costs more than decoding a short trace through it. So the table is kept
 * in pages of {@value #PAGE_SIZE} entries that are allocated when first written: a section costs
 * what its decoded code covers.
 */
public final class BlockCacheTable {
    private static final int PAGE_BITS = 10;
    /** The entries per page. */
    public static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private final int size;
    private final int[][] pages;

    /**
     * Creates a table of invalid entries.
     *
     * @param size the number of entries (section bytes)
     */
    public BlockCacheTable(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        this.size = size;
        this.pages = new int[(size + PAGE_MASK) >>> PAGE_BITS][];
    }

    /** A table for {@code section}: one invalid entry per byte. */
    public static BlockCacheTable forSection(Section section) {
        return new BlockCacheTable((int) section.size());
    }

    /** The number of entries. */
    public int size() {
        return size;
    }

    /**
     * The entry at a section offset.
     *
     * @param offset the offset, {@code 0 <= offset < size()}
     * @return the entry; 0 (invalid) if never set
     */
    public int get(int offset) {
        int[] page = pages[offset >>> PAGE_BITS];
        return page == null ? 0 : page[offset & PAGE_MASK];
    }

    /**
     * Sets the entry at a section offset.
     *
     * @param offset the offset, {@code 0 <= offset < size()}
     * @param entry the entry
     */
    public void set(int offset, int entry) {
        int[] page = pages[offset >>> PAGE_BITS];
        if (page == null) {
            if (offset >= size) {
                throw new ArrayIndexOutOfBoundsException(offset);
            }
            page = new int[PAGE_SIZE];
            pages[offset >>> PAGE_BITS] = page;
        }
        page[offset & PAGE_MASK] = entry;
    }
}
