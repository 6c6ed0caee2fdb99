package dev.hindsight.collect;

import java.util.List;

/**
 * The {@code manifest.json} of a recording directory, written with Jackson. Addresses are hex
 * strings ({@code 0x...}) so that no JSON reader loses bits of a 64-bit address.
 *
 * @param format always {@link #FORMAT}
 * @param version the format's version, {@link #VERSION}
 * @param method the recording method ({@code sw}, {@code bts}, {@code pt})
 * @param reason why that method was used
 * @param recordFormat the branch record layout, {@link #RECORD_FORMAT}
 * @param cpu the CPU the program ran on
 * @param command the program and its arguments ({@code null} when attached)
 * @param pid the process id
 * @param exitCode the program's exit code (128 + signal if killed), -1 if it was detached
 * @param instructions how many instructions were stepped, all threads together
 * @param threads the recorded threads
 * @param images the executable mappings seen
 */
public record RecordingManifest(String format, int version, String method, String reason,
        String recordFormat, Cpu cpu, List<String> command, int pid, int exitCode,
        long instructions, List<ThreadEntry> threads, List<ImageEntry> images) {

    /** The manifest's format name. */
    public static final String FORMAT = "hindsight-recording";
    /** The format version. */
    public static final int VERSION = 1;
    /**
     * BTS records as the DS save area holds them: 24 bytes, from (u64), to (u64), flags (u64),
     * little-endian; flags bit 4 is "predicted", 0 here.
     */
    public static final String RECORD_FORMAT = "bts-ds-24";

    /**
     * The CPU.
     *
     * @param vendor e.g. GenuineIntel
     * @param family family
     * @param model model
     * @param stepping stepping
     */
    public record Cpu(String vendor, int family, int model, int stepping) {
    }

    /**
     * One thread's branch records.
     *
     * @param tid the thread id
     * @param file the file holding its records, relative to the recording directory
     * @param branches how many records the file holds
     * @param instructions how many instructions the thread executed while recorded
     * @param startPc where the thread stood when recording began (hex)
     * @param endPc where it stood last (hex)
     */
    public record ThreadEntry(int tid, String file, long branches, long instructions,
            String startPc, String endPc) {
    }

    /**
     * One executable mapping.
     *
     * @param start first address (hex)
     * @param end address after the last (hex)
     * @param offset the file offset mapped at start
     * @param path the mapped file, or a pseudo name such as {@code [vdso]}
     * @param file for memory without a file: the copy of its bytes in the recording directory,
     *     else null
     */
    public record ImageEntry(String start, String end, long offset, String path, String file) {
    }
}
