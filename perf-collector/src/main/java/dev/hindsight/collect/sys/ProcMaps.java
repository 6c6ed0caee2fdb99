package dev.hindsight.collect.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code /proc/PID/maps}: the mappings of a process. */
public final class ProcMaps {
    private ProcMaps() {
    }

    /**
     * One line of {@code /proc/PID/maps}.
     *
     * @param start first address
     * @param end address after the last
     * @param perms the four permission letters, e.g. {@code r-xp}
     * @param offset file offset of {@code start}
     * @param inode the file's inode, 0 for anonymous memory
     * @param path the file, a pseudo name like {@code [vdso]}, or empty
     */
    public record Mapping(long start, long end, String perms, long offset, long inode,
            String path) {
        /** Whether the mapping is executable. */
        public boolean executable() {
            return perms.length() > 2 && perms.charAt(2) == 'x';
        }

        /** Whether it maps a file (rather than anonymous memory or a pseudo name). */
        public boolean fileBacked() {
            return inode != 0 && path.startsWith("/");
        }

        /** Whether {@code address} lies inside. */
        public boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0
                    && Long.compareUnsigned(address, end) < 0;
        }
    }

    /**
     * The mappings of process {@code pid}.
     *
     * @throws IOException when the process is gone or may not be read
     */
    public static List<Mapping> read(int pid) throws IOException {
        Path p = Path.of("/proc", Integer.toString(pid), "maps");
        try {
            return parse(Files.readAllLines(p));
        } catch (NoSuchFileException e) {
            throw new IOException("no process " + pid, e);
        }
    }

    /** Parses the lines of a maps file. */
    public static List<Mapping> parse(List<String> lines) {
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            // start-end perms offset dev inode [path]; the path may contain spaces.
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) {
                throw new IllegalArgumentException("bad maps line: " + line);
            }
            int dash = f[0].indexOf('-');
            long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
            long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
            long offset = Long.parseUnsignedLong(f[2], 16);
            long inode = Long.parseLong(f[4]);
            String path = f.length > 5 ? f[5] : "";
            out.add(new Mapping(start, end, f[1], offset, inode, path));
        }
        return out;
    }
}
