package dev.hindsight.history.debuginfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Source lines from the DWARF line tables ({@code .debug_line}, versions 2 to 5) of ELF files:
 * which file and line an address belongs to, and which lines start at an address (gdb's line
 * tables, as {@code record instruction-history /s} and {@code function-call-history /l} use them).
 * Rows are kept sorted by address in primitive arrays.
 */
public final class DwarfLines {
    private static final int DW_LNCT_PATH = 1;
    private static final int DW_LNCT_DIRECTORY_INDEX = 2;

    private final long[] address;
    private final int[] line;
    private final int[] file;
    /** Bit 0: is_stmt; bit 1: end of sequence. */
    private final byte[] flags;
    private final List<String> displayNames;
    private final List<Path> paths;

    private DwarfLines(long[] address, int[] line, int[] file, byte[] flags, List<String> displayNames, List<Path> paths) {
        this.address = address;
        this.line = line;
        this.file = file;
        this.flags = flags;
        this.displayNames = displayNames;
        this.paths = paths;
    }

    /** No line information. */
    public static DwarfLines empty() {
        return new DwarfLines(new long[0], new int[0], new int[0], new byte[0], List.of(), List.of());
    }

    /** A one-file table of is_stmt rows for code built by hand (tests): {@code address[i]} starts {@code line[i]}. */
    public static DwarfLines ofRows(long[] address, int[] line, String file, Path path) {
        return new DwarfLines(address.clone(), line.clone(), new int[address.length], filled(address.length),
                List.of(file), List.of(path));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 1);
        return b;
    }

    /** A line-table position: the file's name as gdb displays it, its path, and the line. */
    public record Line(String file, Path path, int line) {
    }

    /** Whether there is any line information. */
    public boolean isEmpty() {
        return address.length == 0;
    }

    /** The line {@code pc} belongs to, or {@code null}. */
    public Line at(long pc) {
        int i = lastAtOrBefore(pc);
        if (i < 0 || (flags[i] & 2) != 0) {
            return null;
        }
        // gdb's find_pc_sect_line: of several entries at one address, a non-statement one gives
        // way to a statement entry before it (gcc's views: line 16 is_stmt, line 17 not, at one pc).
        if ((flags[i] & 1) == 0) {
            int k = i;
            while (k > 0 && address[k - 1] == address[k] && line[k - 1] != 0 && (flags[k] & 1) == 0
                    && (flags[k - 1] & 2) == 0) {
                k--;
            }
            if ((flags[k] & 1) != 0) {
                i = k;
            }
        }
        return new Line(displayNames.get(file[i]), paths.get(file[i]), line[i]);
    }

    /**
     * gdb's {@code btrace_find_line_range}: the lines of {@code pc}'s file whose is_stmt entries
     * start exactly at {@code pc}, as {begin, end) (end exclusive), or {@code null} if none.
     */
    public int[] linesStartingAt(long pc) {
        int i = lastAtOrBefore(pc);
        if (i < 0 || (flags[i] & 2) != 0) {
            return null;
        }
        int f = file[i];
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int k = i; k >= 0 && address[k] == pc; k--) {
            if (file[k] == f && line[k] != 0 && (flags[k] & 3) == 1) {
                lo = Math.min(lo, line[k]);
                hi = Math.max(hi, line[k]);
            }
        }
        return lo == Integer.MAX_VALUE ? null : new int[] {lo, hi + 1, f};
    }

    /**
     * gdb's {@code find_pc_line} range: {start, end} of the line-table row holding {@code pc}
     * (from the row's address to the next greater row address), or {@code null} if no row
     * covers it. Steppers keep going while the pc stays in this range.
     */
    public long[] rowRange(long pc) {
        int i = lastAtOrBefore(pc);
        if (i < 0 || (flags[i] & 2) != 0) {
            return null;
        }
        long start = address[i];
        int k = i + 1;
        while (k < address.length && address[k] == start) {
            k++;
        }
        return new long[] {start, k < address.length ? address[k] : -1L};
    }

    /**
     * The lowest address of an is_stmt row of {@code line} in the file named {@code file} (or
     * ending in {@code /file}), taking the next greater line with rows if {@code wanted} has none
     * (gdb's breakpoint placement for {@code FILE:LINE}); -1 if none.
     *
     * @param file the file name, or {@code null} for any file
     */
    public long lineAddress(String file, int wanted) {
        int best = Integer.MAX_VALUE;
        long addr = -1;
        for (int i = 0; i < address.length; i++) {
            if ((flags[i] & 3) != 1 || this.line[i] < wanted || this.line[i] == 0) {
                continue;
            }
            String name = displayNames.get(this.file[i]);
            if (file != null && !name.equals(file) && !name.endsWith("/" + file)
                    && !paths.get(this.file[i]).endsWith(file)) {
                continue;
            }
            if (this.line[i] < best || (this.line[i] == best && Long.compareUnsigned(address[i], addr) < 0)) {
                best = this.line[i];
                addr = address[i];
            }
        }
        return addr;
    }

    /** The display name of file id {@code f} (from {@link #linesStartingAt(long)}). */
    public String fileName(int f) {
        return displayNames.get(f);
    }

    /** The path of file id {@code f}. */
    public Path filePath(int f) {
        return paths.get(f);
    }

    private int lastAtOrBefore(long pc) {
        int lo = 0;
        int hi = address.length - 1;
        int r = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(address[mid], pc) <= 0) {
                r = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return r;
    }

    /**
     * Reads the line tables of ELF files.
     *
     * @param files the ELF files
     * @param bases their load bases, as {@link ElfSymbols#read}
     * @throws IOException if a file cannot be read or a line table is malformed
     */
    public static DwarfLines read(List<Path> files, List<Long> bases) throws IOException {
        return read(files, bases, null);
    }

    /**
     * Reads the line tables of ELF files; a file whose line table is malformed is reported to
     * {@code warn} and keeps the rows read before the fault, as gdb goes on without a unit it
     * cannot read.
     *
     * @param warn receives one line per malformed file, or {@code null} to throw instead
     * @throws IOException if a file cannot be read (or, without {@code warn}, is malformed)
     */
    public static DwarfLines read(List<Path> files, List<Long> bases, Consumer<String> warn) throws IOException {
        Rows rows = new Rows();
        for (int i = 0; i < files.size(); i++) {
            ElfSections elf = ElfSections.read(files.get(i));
            ByteBuffer lines = elf.section(".debug_line");
            if (lines == null) {
                continue;
            }
            long bias = elf.bias(bases.get(i));
            Path dir = files.get(i).toAbsolutePath().getParent();
            try {
                parse(lines, elf.section(".debug_line_str"), elf.section(".debug_str"), bias, dir, rows);
            } catch (RuntimeException e) {
                String what = files.get(i) + ": bad .debug_line: " + e.getMessage();
                if (warn == null) {
                    throw new IOException(what, e);
                }
                warn.accept(what);
            }
        }
        return rows.build();
    }

    /** Rows collected before sorting. */
    private static final class Rows {
        long[] address = new long[1024];
        int[] line = new int[1024];
        int[] file = new int[1024];
        byte[] flags = new byte[1024];
        int n;
        final List<String> names = new ArrayList<>();
        final List<Path> paths = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();

        int fileId(String display, Path path) {
            return ids.computeIfAbsent(display + "\0" + path, k -> {
                names.add(display);
                paths.add(path);
                return names.size() - 1;
            });
        }

        void add(long a, int l, int f, boolean stmt, boolean end) {
            if (n == address.length) {
                address = Arrays.copyOf(address, n * 2);
                line = Arrays.copyOf(line, n * 2);
                file = Arrays.copyOf(file, n * 2);
                flags = Arrays.copyOf(flags, n * 2);
            }
            address[n] = a;
            line[n] = l;
            file[n] = f;
            flags[n] = (byte) ((stmt ? 1 : 0) | (end ? 2 : 0));
            n++;
        }

        DwarfLines build() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            // By address; at one address the end of a sequence comes before the rows of the next.
            Arrays.sort(order, (x, y) -> {
                int c = Long.compareUnsigned(address[x], address[y]);
                if (c != 0) {
                    return c;
                }
                int ex = flags[x] & 2;
                int ey = flags[y] & 2;
                return ex != ey ? Integer.compare(ey, ex) : Integer.compare(x, y);
            });
            long[] a = new long[n];
            int[] l = new int[n];
            int[] f = new int[n];
            byte[] fl = new byte[n];
            for (int i = 0; i < n; i++) {
                int k = order[i];
                a[i] = address[k];
                l[i] = line[k];
                f[i] = file[k];
                fl[i] = flags[k];
            }
            return new DwarfLines(a, l, f, fl, List.copyOf(names), List.copyOf(paths));
        }
    }

    private static void parse(ByteBuffer sec, ByteBuffer lineStr, ByteBuffer str, long bias, Path elfDir, Rows rows) {
        ByteBuffer b = sec.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() > 4) {
            int unitStart = b.position();
            long length = b.getInt() & 0xffffffffL;
            boolean dwarf64 = false;
            if (length == 0xffffffffL) {
                length = b.getLong();
                dwarf64 = true;
            }
            int unitEnd = (int) (b.position() + length);
            int version = b.getShort() & 0xffff;
            if (version < 2 || version > 5) {
                throw new IllegalArgumentException("unsupported version " + version + " at 0x" + Integer.toHexString(unitStart));
            }
            int addressSize = 8;
            if (version >= 5) {
                addressSize = b.get() & 0xff;
                b.get();
            }
            long headerLength = dwarf64 ? b.getLong() : b.getInt() & 0xffffffffL;
            int programStart = (int) (b.position() + headerLength);
            int minInst = b.get() & 0xff;
            if (version >= 4) {
                b.get();
            }
            boolean defaultStmt = b.get() != 0;
            int lineBase = b.get();
            int lineRange = b.get() & 0xff;
            int opcodeBase = b.get() & 0xff;
            int[] opLengths = new int[opcodeBase];
            for (int i = 1; i < opcodeBase; i++) {
                opLengths[i] = b.get() & 0xff;
            }
            List<String> dirs = new ArrayList<>();
            List<String> fileNames = new ArrayList<>();
            List<Integer> fileDirs = new ArrayList<>();
            if (version >= 5) {
                List<String[]> d = entries(b, lineStr, str, dwarf64);
                for (String[] e : d) {
                    dirs.add(e[0]);
                }
                for (String[] e : entries(b, lineStr, str, dwarf64)) {
                    fileNames.add(e[0]);
                    fileDirs.add(e[1] == null ? 0 : Integer.parseInt(e[1]));
                }
            } else {
                dirs.add(null); // index 0: the compilation directory, not recorded here
                for (String s = cstring(b); !s.isEmpty(); s = cstring(b)) {
                    dirs.add(s);
                }
                fileNames.add(null); // v2-4 file numbers start at 1
                fileDirs.add(0);
                for (String s = cstring(b); !s.isEmpty(); s = cstring(b)) {
                    fileNames.add(s);
                    fileDirs.add((int) uleb(b));
                    uleb(b);
                    uleb(b);
                }
            }
            int[] ids = new int[fileNames.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = fileNames.get(i) == null ? -1 : fileId(rows, fileNames.get(i), fileDirs.get(i), dirs, elfDir);
            }
            b.position(programStart);
            run(b, unitEnd, version, addressSize, minInst, defaultStmt, lineBase, lineRange, opcodeBase, opLengths,
                    ids, fileNames, fileDirs, dirs, elfDir, bias, rows);
            b.position(unitEnd);
        }
    }

    private static int fileId(Rows rows, String name, int dirIndex, List<String> dirs, Path elfDir) {
        String dir = dirIndex >= 0 && dirIndex < dirs.size() ? dirs.get(dirIndex) : null;
        String display = name.startsWith("/") || dirIndex == 0 || dir == null ? name : dir + "/" + name;
        Path path;
        if (name.startsWith("/")) {
            path = Path.of(name);
        } else {
            String base = dir != null ? dir : dirs.get(0);
            Path p = base == null ? elfDir.resolve(name) : Path.of(base).resolve(name);
            if (!p.isAbsolute()) {
                String comp = dirs.get(0);
                p = comp != null ? Path.of(comp).resolve(p) : elfDir.resolve(p);
            }
            path = p;
        }
        // The compilation directory may be gone (binaries built elsewhere): try beside the ELF file.
        if (!Files.exists(path) && Files.exists(elfDir.resolve(Path.of(name).getFileName()))) {
            path = elfDir.resolve(Path.of(name).getFileName());
        }
        return rows.fileId(display, path);
    }

    private static void run(ByteBuffer b, int end, int version, int addressSize, int minInst, boolean defaultStmt,
            int lineBase, int lineRange, int opcodeBase, int[] opLengths, int[] ids, List<String> fileNames,
            List<Integer> fileDirs, List<String> dirs, Path elfDir, long bias, Rows rows) {
        long addr = 0;
        int fileNo = 1;
        int ln = 1;
        boolean stmt = defaultStmt;
        // gdb's lnp_state_machine (PR 17276): consecutive rows of one line are coalesced when the
        // line ever had a non-zero discriminator (gcc marks loop lines so), else kept.
        int discriminator = 0;
        boolean lineHasDiscriminator = false;
        int lastLine = 0;
        int lastFile = -1;
        while (b.position() < end) {
            int op = b.get() & 0xff;
            if (op >= opcodeBase) {
                int adj = op - opcodeBase;
                addr += (long) (adj / lineRange) * minInst;
                int delta = lineBase + adj % lineRange;
                ln += delta;
                if (delta != 0) {
                    lineHasDiscriminator = discriminator != 0;
                }
                int file = id(ids, fileNo);
                if (file != lastFile || ln != lastLine || !lineHasDiscriminator) {
                    rows.add(addr + bias, ln, file, stmt, false);
                }
                lastFile = file;
                lastLine = ln;
                discriminator = 0;
                continue;
            }
            switch (op) {
                case 0 -> {
                    long len = uleb(b);
                    int next = (int) (b.position() + len);
                    int sub = b.get() & 0xff;
                    if (sub == 1) {
                        rows.add(addr + bias, ln, id(ids, fileNo), stmt, true);
                        addr = 0;
                        fileNo = 1;
                        ln = 1;
                        stmt = defaultStmt;
                        discriminator = 0;
                        lineHasDiscriminator = false;
                        lastLine = 0;
                        lastFile = -1;
                    } else if (sub == 2) {
                        addr = addressSize == 4 ? b.getInt() & 0xffffffffL : b.getLong();
                    } else if (sub == 3 && version < 5) {
                        String name = cstring(b);
                        int dir = (int) uleb(b);
                        fileNames.add(name);
                        fileDirs.add(dir);
                        int[] grown = Arrays.copyOf(ids, ids.length + 1);
                        grown[ids.length] = fileId(rows, name, dir, dirs, elfDir);
                        ids = grown;
                    } else if (sub == 4) {
                        discriminator = (int) uleb(b);
                        lineHasDiscriminator |= discriminator != 0;
                    }
                    b.position(next);
                }
                case 1 -> {
                    int file = id(ids, fileNo);
                    if (file != lastFile || ln != lastLine || !lineHasDiscriminator) {
                        rows.add(addr + bias, ln, file, stmt, false);
                    }
                    lastFile = file;
                    lastLine = ln;
                    discriminator = 0;
                }
                case 2 -> addr += uleb(b) * minInst;
                case 3 -> {
                    int delta = (int) sleb(b);
                    ln += delta;
                    if (delta != 0) {
                        lineHasDiscriminator = discriminator != 0;
                    }
                }
                case 4 -> fileNo = (int) uleb(b);
                case 5 -> uleb(b);
                case 6 -> stmt = !stmt;
                case 7, 10, 11 -> {
                }
                case 8 -> addr += (long) ((255 - opcodeBase) / lineRange) * minInst;
                case 9 -> addr += b.getShort() & 0xffff;
                case 12 -> uleb(b);
                default -> {
                    for (int i = 0; i < opLengths[op]; i++) {
                        uleb(b);
                    }
                }
            }
        }
    }

    private static int id(int[] ids, int fileNo) {
        return fileNo >= 0 && fileNo < ids.length && ids[fileNo] >= 0 ? ids[fileNo] : ids.length > 1 ? ids[1] : 0;
    }

    /** DWARF 5 directory or file entries: {path, directory index} per entry. */
    private static List<String[]> entries(ByteBuffer b, ByteBuffer lineStr, ByteBuffer str, boolean dwarf64) {
        int formatCount = b.get() & 0xff;
        long[][] format = new long[formatCount][2];
        for (int i = 0; i < formatCount; i++) {
            format[i][0] = uleb(b);
            format[i][1] = uleb(b);
        }
        long count = uleb(b);
        List<String[]> r = new ArrayList<>();
        for (long e = 0; e < count; e++) {
            String[] entry = new String[2];
            for (long[] f : format) {
                Object v = form(b, (int) f[1], lineStr, str, dwarf64);
                if (f[0] == DW_LNCT_PATH) {
                    entry[0] = String.valueOf(v);
                } else if (f[0] == DW_LNCT_DIRECTORY_INDEX) {
                    entry[1] = String.valueOf(v);
                }
            }
            r.add(entry);
        }
        return r;
    }

    private static Object form(ByteBuffer b, int form, ByteBuffer lineStr, ByteBuffer str, boolean dwarf64) {
        return switch (form) {
            case 0x08 -> cstring(b);
            case 0x1f -> stringAt(lineStr, dwarf64 ? b.getLong() : b.getInt() & 0xffffffffL);
            case 0x0e -> stringAt(str, dwarf64 ? b.getLong() : b.getInt() & 0xffffffffL);
            case 0x0f -> uleb(b);
            case 0x0b -> (long) (b.get() & 0xff);
            case 0x05 -> (long) (b.getShort() & 0xffff);
            case 0x06 -> b.getInt() & 0xffffffffL;
            case 0x07 -> b.getLong();
            case 0x1e -> {
                b.position(b.position() + 16);
                yield 0L;
            }
            case 0x09 -> {
                long len = uleb(b);
                b.position((int) (b.position() + len));
                yield 0L;
            }
            default -> throw new IllegalArgumentException("unsupported form 0x" + Integer.toHexString(form));
        };
    }

    private static String stringAt(ByteBuffer sec, long offset) {
        if (sec == null) {
            throw new IllegalArgumentException("string section missing");
        }
        ByteBuffer s = sec.duplicate();
        s.position((int) offset);
        return cstring(s);
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - start];
        b.get(bytes);
        b.get();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long uleb(ByteBuffer b) {
        return DwarfExpressions.uleb(b);
    }

    private static long sleb(ByteBuffer b) {
        return DwarfExpressions.sleb(b);
    }
}
