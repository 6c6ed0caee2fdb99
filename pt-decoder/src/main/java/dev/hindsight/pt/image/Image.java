package dev.hindsight.pt.image;

import dev.hindsight.pt.PtError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The memory of the traced program: sections mapped at virtual addresses, per address space
 * (libipt's {@code pt_image}).
 *
 * <p>Adding a section over addresses that an earlier section of a matching address space maps
 * replaces the overlapped part; the uncovered front and back of the earlier section stay mapped
 * ({@code pt_image_add()}). Reading where nothing is mapped fails with
 * {@code -PtError.NOMAP.code()}; it never yields zeros.
 *
 * <p>{@link #read(byte[], int, long, Asid)} is on the instruction decoder's hot path: it first
 * tries the section of the previous read, so a read is a few comparisons and a copy, and it
 * allocates nothing. Not thread-safe: give each decoder its own image and share sections through
 * a {@link SectionCache}.
 */
public final class Image {

    private final String name;
    /** libipt's section list: most recently found first. */
    private final ArrayList<MappedSection> sections = new ArrayList<>();
    private MemoryReader reader;

    /** The previous read's mapped section and its bytes, or null. */
    private MappedSection last;
    private ByteBuffer lastBytes;
    private int lastIsid;
    /** Counts changes to the mappings and the reader, for decoders that memoize reads. */
    private long generation;

    /** Creates an empty, unnamed image. */
    public Image() {
        this(null);
    }

    /**
     * Creates an empty image.
     *
     * @param name a name, e.g. the process it shows, or null
     */
    public Image(String name) {
        this.name = name;
    }

    /** The name given at creation, or null. */
    public String name() {
        return name;
    }

    /**
     * Maps a section at {@code vaddr} in {@code asid} with an isid (libipt's
     * {@code pt_image_add()}).
     *
     * @param section the section
     * @param asid the address space
     * @param vaddr where the section's first byte appears
     * @param isid the isid reads from this section report (0 if none)
     * @throws IllegalArgumentException when the section would wrap around the address space
     */
    public void add(Section section, Asid asid, long vaddr, int isid) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(asid, "asid");
        addMapping(new MappedSection(section, asid, vaddr, 0, section.size(), isid));
    }

    private void addMapping(MappedSection added) {
        long begin = added.vaddr();
        long size = added.size();
        if (Long.compareUnsigned(begin, -1L - size) > 0) {
            throw new IllegalArgumentException(added.section() + " at 0x"
                    + Long.toHexString(begin) + " wraps around the address space");
        }
        long end = begin + size;
        invalidate();
        // The new mapping goes last, preceded by the kept parts of the mappings it overlaps.
        List<MappedSection> tail = new ArrayList<>(3);
        tail.add(added);
        for (int i = 0; i < sections.size();) {
            MappedSection m = sections.get(i);
            long lbegin = m.vaddr();
            long lend = m.end();
            if (!m.asid().matches(added.asid()) || !before(lbegin, end) || !before(begin, lend)) {
                i++;
                continue;
            }
            sections.remove(i);
            if (before(lbegin, begin)) {
                tail.add(0, new MappedSection(m.section(), m.asid(), lbegin, m.offset(),
                        begin - lbegin, m.isid()));
            }
            if (before(end, lend)) {
                tail.add(0, new MappedSection(m.section(), m.asid(), end,
                        m.offset() + (end - lbegin), lend - end, m.isid()));
            }
        }
        sections.addAll(tail);
    }

    /**
     * Maps a section at {@code vaddr} for every address space, without isid.
     *
     * @param section the section
     * @param vaddr where the section's first byte appears
     */
    public void add(Section section, long vaddr) {
        add(section, Asid.ANY, vaddr, 0);
    }

    /**
     * Maps a file range without a cache (libipt's {@code pt_image_add_file()}); reads report
     * isid 0.
     *
     * @param file the file
     * @param offset where the range starts in the file
     * @param size the length, cut to the file's end; -1 means the rest of the file
     * @param asid the address space
     * @param vaddr where the range's first byte appears
     * @throws ImageLoadException when the file is missing or the offset is outside it
     */
    public void addFile(Path file, long offset, long size, Asid asid, long vaddr)
            throws ImageLoadException {
        add(Section.ofFile(file, offset, size), asid, vaddr, 0);
    }

    /**
     * Maps a cached section at its cached address (libipt's {@code pt_image_add_cached()}).
     *
     * @param cache the cache
     * @param isid the section's isid in {@code cache}
     * @param asid the address space
     * @throws IllegalArgumentException when {@code cache} has no such isid
     */
    public void addCached(SectionCache cache, int isid, Asid asid) {
        CachedSection e = cache.lookup(isid);
        add(e.section(), asid, e.vaddr(), isid);
    }

    /**
     * Adds every mapping of another image (libipt's {@code pt_image_copy()}); unlike libipt, a
     * mapping that covers only part of its section is copied as that part.
     *
     * @param src the image to copy from
     */
    public void copy(Image src) {
        if (src == this) {
            return;
        }
        for (MappedSection m : new ArrayList<>(src.sections)) {
            addMapping(m);
        }
    }

    /**
     * Removes the mappings of sections with this file name in matching address spaces (libipt's
     * {@code pt_image_remove_by_filename()}).
     *
     * @param fileName the section file name
     * @param asid the address space
     * @return the number of mappings removed
     */
    public int removeByFilename(String fileName, Asid asid) {
        return removeIf(m -> m.asid().matches(asid) && m.section().fileName().equals(fileName));
    }

    /**
     * Removes the mappings with this isid in matching address spaces.
     *
     * @param isid the isid
     * @param asid the address space
     * @return the number of mappings removed
     */
    public int removeByIsid(int isid, Asid asid) {
        return removeIf(m -> m.asid().matches(asid) && m.isid() == isid);
    }

    /**
     * Removes every mapping in matching address spaces (libipt's
     * {@code pt_image_remove_by_asid()}).
     *
     * @param asid the address space
     * @return the number of mappings removed
     */
    public int removeByAsid(Asid asid) {
        return removeIf(m -> m.asid().matches(asid));
    }

    /**
     * Removes the mapping of {@code section} that starts at {@code vaddr} (libipt's
     * {@code pt_image_remove()}).
     *
     * @param section the section
     * @param asid the address space
     * @param vaddr the mapping's first address
     * @return true if a mapping was removed; false is libipt's {@code -pte_bad_image}
     */
    public boolean remove(Section section, Asid asid, long vaddr) {
        for (int i = 0; i < sections.size(); i++) {
            MappedSection m = sections.get(i);
            if (m.asid().matches(asid) && m.section() == section && m.vaddr() == vaddr) {
                sections.remove(i);
                invalidate();
                return true;
            }
        }
        return false;
    }

    private int removeIf(Predicate<MappedSection> which) {
        int before = sections.size();
        sections.removeIf(which);
        invalidate();
        return before - sections.size();
    }

    /**
     * Sets the reader asked for addresses no section maps (libipt's
     * {@code pt_image_set_callback()}); reads it serves report isid 0.
     *
     * @param reader the reader, or null for none
     */
    public void setReader(MemoryReader reader) {
        this.reader = reader;
        generation++;
    }

    /**
     * A number that changes whenever a mapping is added or removed or the reader is set: what
     * was read from this image before is still valid while it stays the same.
     */
    public long generation() {
        return generation;
    }

    /** The current mappings, most recently read first (a copy). */
    public List<MappedSection> sections() {
        return List.copyOf(sections);
    }

    /**
     * Reads up to {@code len} bytes at {@code ip} into {@code dst[0..]} (libipt's
     * {@code pt_image_read()}); see {@link #read(byte[], int, int, long, Asid)}.
     *
     * @param dst where to copy to
     * @param len the most bytes to read, e.g. 15 for an instruction
     * @param ip the virtual address
     * @param asid the address space
     * @return the number of bytes read, fewer at a section's end; {@code -PtError.NOMAP.code()}
     *     if nothing is mapped at {@code ip}
     */
    public int read(byte[] dst, int len, long ip, Asid asid) {
        return read(dst, 0, len, ip, asid);
    }

    /**
     * Reads up to {@code len} bytes at {@code ip} into {@code dst[dstOffset..]}. A read does not
     * continue into a following section. {@link #lastIsid()} then names the section read.
     *
     * @param dst where to copy to
     * @param dstOffset the first index in {@code dst}
     * @param len the most bytes to read
     * @param ip the virtual address
     * @param asid the address space
     * @return the number of bytes read; {@code -PtError.NOMAP.code()} if nothing is mapped at
     *     {@code ip}; {@code -PtError.BAD_IMAGE.code()} if a section's file can no longer be
     *     mapped
     */
    public int read(byte[] dst, int dstOffset, int len, long ip, Asid asid) {
        MappedSection m = last;
        if (m != null) {
            long off = ip - m.vaddr();
            if (Long.compareUnsigned(off, m.size()) < 0 && m.asid().matches(asid)) {
                int n = (int) Math.min(len, m.size() - off);
                copy(lastBytes, (int) (m.offset() + off), dst, dstOffset, n);
                return n;
            }
        }
        return readSlow(dst, dstOffset, len, ip, asid);
    }

    /*
     * A bulk get from a direct (mapped) buffer costs more than the few bytes of an instruction
     * it copies, and the flow decoders read every instruction's bytes: copy those one by one.
     */
    private static void copy(ByteBuffer src, int at, byte[] dst, int dstOffset, int n) {
        // Most instructions fit one eight-byte read: one bounds check rather than one a byte.
        if (n <= Long.BYTES && src.limit() - at >= Long.BYTES) {
            long word = src.getLong(at);
            if (src.order() == ByteOrder.BIG_ENDIAN) {
                word = Long.reverseBytes(word);
            }
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = (byte) word;
                word >>>= 8;
            }
            return;
        }
        if (n <= 16) {
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = src.get(at + i);
            }
        } else {
            src.get(at, dst, dstOffset, n);
        }
    }

    private int readSlow(byte[] dst, int dstOffset, int len, long ip, Asid asid) {
        MappedSection m = fetch(ip, asid);
        if (m == null) {
            return readUnmapped(dst, dstOffset, len, ip, asid);
        }
        ByteBuffer bytes = m.section().map();
        if (bytes == null) {
            return -PtError.BAD_IMAGE.code();
        }
        last = m;
        lastBytes = bytes;
        lastIsid = m.isid();
        long off = ip - m.vaddr();
        int n = (int) Math.min(len, m.size() - off);
        bytes.get((int) (m.offset() + off), dst, dstOffset, n);
        return n;
    }

    private int readUnmapped(byte[] dst, int dstOffset, int len, long ip, Asid asid) {
        if (reader == null) {
            return -PtError.NOMAP.code();
        }
        int status = reader.read(dst, dstOffset, len, ip, asid);
        if (status >= 0) {
            lastIsid = 0;
        }
        return status;
    }

    /** The isid of the section the last successful read came from (0 for none or uncached). */
    public int lastIsid() {
        return lastIsid;
    }

    /**
     * Fills {@code window} with the bytes of the mapped section holding {@code ip}, for readers
     * that work on whole blocks (libipt's {@code pt_image_find()}). Allocates nothing: the window
     * gets the section's shared read-only buffer and the mapping's offset in it, so decoders may
     * call it at every section switch; still, call it only when {@code window.contains(ip)} is
     * false, as the section list is searched linearly.
     *
     * @param ip the virtual address
     * @param asid the address space
     * @param window the holder to fill
     * @return the section's isid (0 or more); {@code -PtError.NOMAP.code()} if nothing is mapped
     *     at {@code ip}; {@code -PtError.BAD_IMAGE.code()} if the file can no longer be mapped
     */
    public int find(long ip, Asid asid, ImageWindow window) {
        MappedSection m = fetch(ip, asid);
        if (m == null) {
            return -PtError.NOMAP.code();
        }
        ByteBuffer bytes = m.section().map();
        if (bytes == null) {
            return -PtError.BAD_IMAGE.code();
        }
        window.set(bytes, m);
        return m.isid();
    }

    /** Finds the mapping of {@code ip} in list order and moves it to the front, as libipt. */
    private MappedSection fetch(long ip, Asid asid) {
        for (int i = 0; i < sections.size(); i++) {
            MappedSection m = sections.get(i);
            if (m.contains(ip) && m.asid().matches(asid)) {
                if (i != 0) {
                    sections.remove(i);
                    sections.add(0, m);
                }
                return m;
            }
        }
        return null;
    }

    private void invalidate() {
        last = null;
        lastBytes = null;
        generation++;
    }

    private static boolean before(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    @Override
    public String toString() {
        return "Image" + (name == null ? "" : " " + name) + " " + sections;
    }
}
