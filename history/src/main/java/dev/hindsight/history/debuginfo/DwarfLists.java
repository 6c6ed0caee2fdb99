package dev.hindsight.history.debuginfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * DWARF's address and list sections for {@link DebugInfoReader}: indexed addresses
 * ({@code .debug_addr}), range lists ({@code .debug_ranges} of DWARF 2-4, {@code .debug_rnglists}
 * of DWARF 5) and location lists ({@code .debug_loc}, {@code .debug_loclists}), with the unit's
 * base address and the load bias.
 */
final class DwarfLists {
    private final ByteBuffer addr;
    private final ByteBuffer ranges;
    private final ByteBuffer rnglists;
    private final ByteBuffer loc;
    private final ByteBuffer loclists;
    private final long bias;

    DwarfLists(ByteBuffer addr, ByteBuffer ranges, ByteBuffer rnglists, ByteBuffer loc, ByteBuffer loclists,
            long bias) {
        this.addr = addr;
        this.ranges = ranges;
        this.rnglists = rnglists;
        this.loc = loc;
        this.loclists = loclists;
        this.bias = bias;
    }

    /** The address at {@code index} of the unit's {@code .debug_addr} table. */
    long indexedAddress(DebugInfoReader.Unit u, long index) {
        ByteBuffer a = need(addr, ".debug_addr");
        return readAddress(a, (int) (u.addrBase + index * u.addressSize), u.addressSize);
    }

    /** An rnglistx/loclistx index: the offset table entry after the list header, plus the base. */
    static long listIndex(ByteBuffer sec, String name, DebugInfoReader.Unit u, long base, long index) {
        ByteBuffer s = need(sec, name);
        if (base == DebugInfoReader.NONE) {
            base = u.offsetSize == 8 ? 20 : 12; // the first table's entries follow its header
        }
        int at = (int) (base + u.offsetSize * index);
        return base + (u.offsetSize == 8 ? s.getLong(at) : s.getInt(at) & 0xffffffffL);
    }

    /** DWARF 2-4 {@code .debug_ranges}: address pairs, base-address selections, (0, 0) ends. */
    void rangeList(DebugInfoReader.Unit u, long offset, List<Long> out) {
        pairList(u, need(ranges, ".debug_ranges"), offset, (s, begin, end, at) -> {
            out.add(begin);
            out.add(end);
            return at;
        });
    }

    /** One entry of a DWARF 2-4 pair list; returns where the next entry starts. */
    private interface PairEntry {
        int accept(ByteBuffer s, long begin, long end, int at);
    }

    /**
     * Walks a DWARF 2-4 list ({@code .debug_ranges}, {@code .debug_loc}): (begin, end) pairs
     * relative to a base, a begin of all ones selecting a new base, (0, 0) ending the list; what
     * follows a pair (a location's expression) is the entry's to read.
     */
    private static void pairList(DebugInfoReader.Unit u, ByteBuffer s, long offset, PairEntry entry) {
        int at = (int) offset;
        long base = u.lowPc;
        long max = u.addressSize == 4 ? 0xffffffffL : -1L;
        for (;;) {
            long begin = readAddress(s, at, u.addressSize);
            long end = readAddress(s, at + u.addressSize, u.addressSize);
            at += 2 * u.addressSize;
            if (begin == 0 && end == 0) {
                return;
            }
            if (begin == max) {
                base = end;
                continue;
            }
            at = entry.accept(s, base + begin, base + end, at);
        }
    }

    /** DWARF 5 {@code .debug_rnglists} entries (DW_RLE_*). */
    void rnglist(DebugInfoReader.Unit u, long offset, List<Long> out) {
        ByteBuffer s = need(rnglists, ".debug_rnglists").duplicate().order(ByteOrder.LITTLE_ENDIAN);
        s.position((int) offset);
        long base = u.lowPc;
        for (;;) {
            int kind = s.get() & 0xff;
            switch (kind) {
                case 0 -> {
                    return;
                }
                case 1 -> base = indexedAddress(u, uleb(s));
                case 2 -> {
                    out.add(indexedAddress(u, uleb(s)));
                    out.add(indexedAddress(u, uleb(s)));
                }
                case 3 -> {
                    long b = indexedAddress(u, uleb(s));
                    out.add(b);
                    out.add(b + uleb(s));
                }
                case 4 -> {
                    long b = uleb(s);
                    long e = uleb(s);
                    out.add(base + b);
                    out.add(base + e);
                }
                case 5 -> base = readAddress(s, u.addressSize);
                case 6 -> {
                    out.add(readAddress(s, u.addressSize));
                    out.add(readAddress(s, u.addressSize));
                }
                case 7 -> {
                    long b = readAddress(s, u.addressSize);
                    out.add(b);
                    out.add(b + uleb(s));
                }
                default -> throw new IllegalArgumentException("bad range list entry kind " + kind);
            }
        }
    }

    private void addLocation(List<DwarfFunctions.Location> out, long begin, long end, ByteBuffer sec, int at, int len) {
        long[] k = DwarfExpressions.classify(sec, at, len, false);
        if (k != null) {
            out.add(new DwarfFunctions.Location(begin + bias, end + bias, (int) k[0], k[1],
                    DwarfExpressions.bytes(sec, at, len)));
        }
    }

    /** DWARF 2-4 {@code .debug_loc}: address pairs with 2-byte-length expressions. */
    void locList(DebugInfoReader.Unit u, long offset, List<DwarfFunctions.Location> out) {
        pairList(u, need(loc, ".debug_loc"), offset, (s, begin, end, at) -> {
            int len = s.getShort(at) & 0xffff;
            addLocation(out, begin, end, s, at + 2, len);
            return at + 2 + len;
        });
    }

    /** DWARF 5 {@code .debug_loclists} entries (DW_LLE_*); a default location covers everything. */
    void loclist(DebugInfoReader.Unit u, long offset, List<DwarfFunctions.Location> out) {
        ByteBuffer s = need(loclists, ".debug_loclists").duplicate().order(ByteOrder.LITTLE_ENDIAN);
        s.position((int) offset);
        long base = u.lowPc;
        for (;;) {
            int kind = s.get() & 0xff;
            long b;
            long e;
            switch (kind) {
                case 0 -> {
                    return;
                }
                case 1 -> {
                    base = indexedAddress(u, uleb(s));
                    continue;
                }
                case 2 -> {
                    b = indexedAddress(u, uleb(s));
                    e = indexedAddress(u, uleb(s));
                }
                case 3 -> {
                    b = indexedAddress(u, uleb(s));
                    e = b + uleb(s);
                }
                case 4 -> {
                    b = base + uleb(s);
                    e = base + uleb(s);
                }
                case 5 -> {
                    b = -bias;
                    e = -1L - bias;
                }
                case 6 -> {
                    base = readAddress(s, u.addressSize);
                    continue;
                }
                case 7 -> {
                    b = readAddress(s, u.addressSize);
                    e = readAddress(s, u.addressSize);
                }
                case 8 -> {
                    b = readAddress(s, u.addressSize);
                    e = b + uleb(s);
                }
                case 9 -> { // DW_LLE_GNU_view_pair: location views, no location of its own
                    uleb(s);
                    uleb(s);
                    continue;
                }
                default -> throw new IllegalArgumentException("bad location list entry kind " + kind);
            }
            int len = (int) uleb(s);
            addLocation(out, b, e, s, s.position(), len);
            s.position(s.position() + len);
        }
    }


    static ByteBuffer need(ByteBuffer sec, String name) {
        if (sec == null) {
            throw new IllegalArgumentException(name + " missing");
        }
        return sec;
    }

    static long readAddress(ByteBuffer b, int size) {
        return switch (size) {
            case 8 -> b.getLong();
            case 4 -> b.getInt() & 0xffffffffL;
            case 2 -> b.getShort() & 0xffffL;
            default -> throw new IllegalArgumentException("address size " + size);
        };
    }

    static long readAddress(ByteBuffer b, int at, int size) {
        return switch (size) {
            case 8 -> b.getLong(at);
            case 4 -> b.getInt(at) & 0xffffffffL;
            case 2 -> b.getShort(at) & 0xffffL;
            default -> throw new IllegalArgumentException("address size " + size);
        };
    }

    private static long uleb(ByteBuffer b) {
        return DwarfExpressions.uleb(b);
    }
}
