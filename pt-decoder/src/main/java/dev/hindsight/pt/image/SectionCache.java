package dev.hindsight.pt.image;

import dev.hindsight.pt.PtError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cache of sections shared between images and decoders (libipt's
 * {@code pt_image_section_cache}, "iscache").
 *
 * <p>Each entry is a section loaded at an address and is named by an image section identifier
 * (isid) 1, 2, 3, ... in the order entries are added. Adding the same file range at the same
 * address again returns the existing isid; at another address it shares the section (one
 * mapping) under a new isid. Decoded instructions and blocks carry the isid of the section they
 * came from.
 *
 * <p>File sections stay mapped after use. The cache keeps a least-recently-used list of mapped
 * sections and drops the oldest mappings when more than {@link #limit()} bytes are mapped
 * ({@code pt_iscache_set_limit()}); a section larger than the limit is not kept at all. The
 * default limit is unlimited. Thread-safe.
 */
public final class SectionCache {

    private final String name;
    private final List<CachedSection> entries = new ArrayList<>();
    /** The sections this cache keeps mapped; ordered by {@link Section#lastUse()} to prune. */
    private final List<Section> lru = new ArrayList<>();
    /** A clock for least-recently-used order: a use is one tick, no lock needed. */
    private final AtomicLong clock = new AtomicLong();
    /** Unsigned; -1 is unlimited (UINT64_MAX). */
    private long limit = -1L;
    private long used;

    /** Creates an unnamed cache. */
    public SectionCache() {
        this(null);
    }

    /**
     * Creates a cache.
     *
     * @param name a name for messages, or null
     */
    public SectionCache(String name) {
        this.name = name;
    }

    /** The name given at creation, or null. */
    public String name() {
        return name;
    }

    /**
     * Adds a file range loaded at {@code vaddr} (libipt's {@code pt_iscache_add_file()}).
     *
     * @param file the file
     * @param offset where the range starts in the file
     * @param size the length, cut to the end of the file; -1 means the rest of the file
     * @param vaddr where the range's first byte is loaded
     * @return the isid: an existing one if this range is already cached at {@code vaddr}
     * @throws ImageLoadException when the file is missing or the offset is outside it
     */
    public int addFile(Path file, long offset, long size, long vaddr) throws ImageLoadException {
        Section fresh = Section.ofFile(file, offset, size);
        synchronized (this) {
            String fileName = fresh.fileName();
            Section shared = null;
            for (CachedSection e : entries) {
                Section s = e.section();
                if (s.isFile() && s.offset() == fresh.offset() && s.size() == fresh.size()
                        && s.fileName().equals(fileName)) {
                    if (e.vaddr() == vaddr) {
                        return e.isid();
                    }
                    shared = s;
                }
            }
            return addLocked(shared != null ? shared : fresh, vaddr);
        }
    }

    /**
     * Adds a section loaded at {@code vaddr} (libipt's {@code pt_iscache_add()}).
     *
     * @param section the section
     * @param vaddr where its first byte is loaded
     * @return the isid; the existing one if this section is already cached at {@code vaddr}
     * @throws IllegalArgumentException when the section belongs to another cache
     */
    public synchronized int add(Section section, long vaddr) {
        SectionCache owner = section.cache();
        if (owner != null && owner != this) {
            throw new IllegalArgumentException("section " + section + " belongs to another cache");
        }
        for (CachedSection e : entries) {
            if (e.section() == section && e.vaddr() == vaddr) {
                return e.isid();
            }
        }
        return addLocked(section, vaddr);
    }

    private int addLocked(Section section, long vaddr) {
        section.attach(this);
        if (section.isMapped()) {
            notifyMap(section); // mapped before it joined: count it against the limit now
        }
        int isid = entries.size() + 1;
        entries.add(new CachedSection(isid, section, vaddr));
        return isid;
    }

    /**
     * The entry with this isid (libipt's {@code pt_iscache_lookup()}).
     *
     * @param isid the identifier
     * @return the section and its load address
     * @throws IllegalArgumentException when no entry has this isid ({@code -pte_bad_image})
     */
    public synchronized CachedSection lookup(int isid) {
        if (isid <= 0 || isid > entries.size()) {
            throw new IllegalArgumentException("no section with isid " + isid
                    + (name == null ? "" : " in " + name));
        }
        return entries.get(isid - 1);
    }

    /** The number of entries (the highest isid). */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * Reads from the section with this isid at a virtual address (libipt's
     * {@code pt_iscache_read()}).
     *
     * @param dst where to copy to
     * @param len the most bytes to copy
     * @param isid the section's identifier
     * @param vaddr the virtual address to read from
     * @return the number of bytes copied (fewer at the section's end),
     *     {@code -PtError.BAD_IMAGE.code()} for an unknown isid, {@code -PtError.NOMAP.code()}
     *     when {@code vaddr} is outside the section
     */
    public int read(byte[] dst, int len, int isid, long vaddr) {
        CachedSection e;
        synchronized (this) {
            if (isid <= 0 || isid > entries.size()) {
                return -PtError.BAD_IMAGE.code();
            }
            e = entries.get(isid - 1);
        }
        if (Long.compareUnsigned(vaddr, e.vaddr()) < 0) {
            return -PtError.NOMAP.code();
        }
        return e.section().read(dst, 0, len, vaddr - e.vaddr());
    }

    /**
     * Sets the most bytes kept mapped; drops least recently used mappings beyond it.
     *
     * @param bytes the limit, unsigned; -1 means unlimited, 0 keeps nothing mapped
     */
    public synchronized void setLimit(long bytes) {
        limit = bytes;
        prune();
    }

    /** The limit on mapped bytes (unsigned; -1 is unlimited). */
    public synchronized long limit() {
        return limit;
    }

    /** The bytes the cache keeps mapped now. */
    public synchronized long used() {
        return used;
    }

    /** Drops every entry and mapping (libipt's {@code pt_iscache_clear()}); isids restart at 1. */
    public synchronized void clear() {
        for (Section s : lru) {
            s.unmap();
        }
        lru.clear();
        used = 0;
        for (CachedSection e : entries) {
            e.section().attach(null);
        }
        entries.clear();
    }

    /** The next tick of the use clock. */
    long tick() {
        return clock.incrementAndGet();
    }

    /**
     * A section was mapped: keep the mapping, or drop it at once if it alone exceeds the limit
     * (libipt's {@code pt_iscache_notify_map()}); then prune to the limit.
     */
    synchronized void notifyMap(Section section) {
        long memsize = section.memsize();
        if (section.cache() != this || memsize == 0 || lru.contains(section)) {
            return;
        }
        if (Long.compareUnsigned(limit, memsize) < 0) {
            // Too big to keep: it stays mapped only while an image uses it.
            section.unmap();
            return;
        }
        lru.add(section);
        used += memsize;
        prune();
    }

    /** Drops least recently used mappings until at most {@code limit} bytes stay mapped. */
    private void prune() {
        if (Long.compareUnsigned(used, limit) <= 0) {
            return;
        }
        lru.sort(Comparator.comparingLong(Section::lastUse));
        int drop = 0;
        while (Long.compareUnsigned(used, limit) > 0 && drop < lru.size()) {
            Section oldest = lru.get(drop++);
            used -= oldest.memsize();
            oldest.unmap();
        }
        lru.subList(0, drop).clear();
    }
}
