package dev.hindsight.pt.sideband;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One perf_event record, read in place: a reusable view that {@link PerfEventReader#read} points
 * at a record in a little-endian buffer (libipt's {@code struct pev_event}).
 *
 * <p>Nothing is copied: accessors read the buffer when called, and strings are decoded only when
 * asked for. The view is valid until the next {@code read} into it. Record fields exist for the
 * record types that have them (see {@link PerfRecordType}); asking a record for a field it lacks
 * reads whatever lies at that offset, so check {@link #type()} first. Sample fields exist when
 * the matching {@code has*} method says so.
 *
 * <pre>
 *  0      4      6      8                                 size
 * +------+------+------+------------------------+---------+
 * | type | misc | size | record (type-specific) | sample_id trailer (sample_type) |
 * +------+------+------+------------------------+---------+
 * </pre>
 */
public final class PerfEvent {
    /** The size of {@code struct perf_event_header}. */
    public static final int HEADER_SIZE = 8;

    static final int NONE = -1;

    ByteBuffer buffer;
    int offset;
    int type;
    int misc;
    int size;
    int stringOffset = NONE;
    int stringLength;
    int pidOffset = NONE;
    int timeOffset = NONE;
    int idOffset = NONE;
    int streamIdOffset = NONE;
    int cpuOffset = NONE;
    int identifierOffset = NONE;
    long tsc;

    /** An empty view; fill it with {@link PerfEventReader#read}. */
    public PerfEvent() {
    }

    void clear(ByteBuffer buf, int recordOffset) {
        buffer = buf;
        offset = recordOffset;
        type = 0;
        misc = 0;
        size = 0;
        stringOffset = NONE;
        stringLength = 0;
        pidOffset = NONE;
        timeOffset = NONE;
        idOffset = NONE;
        streamIdOffset = NONE;
        cpuOffset = NONE;
        identifierOffset = NONE;
        tsc = 0;
    }

    /** The record type ({@code PERF_RECORD_*}). */
    public int type() {
        return type;
    }

    /** The header's {@code misc} field (16 bits). */
    public int misc() {
        return misc;
    }

    /** The record size from the header, header included. */
    public int size() {
        return size;
    }

    /** Where the record starts in its buffer. */
    public int offset() {
        return offset;
    }

    private int u32(int recordField) {
        return buffer.getInt(offset + HEADER_SIZE + recordField);
    }

    private long u64(int recordField) {
        return buffer.getLong(offset + HEADER_SIZE + recordField);
    }

    /** The pid of MMAP, MMAP2, COMM, EXIT, FORK and ITRACE_START records. */
    public int pid() {
        return u32(0);
    }

    /**
     * The tid: at offset 4 for MMAP, MMAP2, COMM and ITRACE_START, at offset 8 for EXIT and FORK.
     */
    public int tid() {
        return u32(type == PerfRecordType.EXIT || type == PerfRecordType.FORK ? 8 : 4);
    }

    /** The parent pid of EXIT and FORK records. */
    public int ppid() {
        return u32(4);
    }

    /** The parent tid of EXIT and FORK records. */
    public int ptid() {
        return u32(12);
    }

    /** The time field of EXIT, FORK, THROTTLE and UNTHROTTLE records (not the sample time). */
    public long recordTime() {
        return type == PerfRecordType.EXIT || type == PerfRecordType.FORK ? u64(16) : u64(0);
    }

    /** The mapped address of MMAP and MMAP2 records. */
    public long addr() {
        return u64(8);
    }

    /** The mapped length of MMAP and MMAP2 records. */
    public long len() {
        return u64(16);
    }

    /** The file offset ({@code pgoff}) of MMAP and MMAP2 records. */
    public long pgoff() {
        return u64(24);
    }

    /** MMAP2: the device major number. */
    public int maj() {
        return u32(32);
    }

    /** MMAP2: the device minor number. */
    public int min() {
        return u32(36);
    }

    /** MMAP2: the inode. */
    public long ino() {
        return u64(40);
    }

    /** MMAP2: the inode generation. */
    public long inoGeneration() {
        return u64(48);
    }

    /** MMAP2: the protection bits. */
    public int prot() {
        return u32(56);
    }

    /** MMAP2: the mapping flags. */
    public int flags() {
        return u32(60);
    }

    /** LOST and THROTTLE: the id (THROTTLE's is at offset 8). */
    public long id() {
        return type == PerfRecordType.LOST ? u64(0) : u64(8);
    }

    /** THROTTLE and UNTHROTTLE: the stream id. */
    public long streamId() {
        return u64(16);
    }

    /** LOST and LOST_SAMPLES: how many were lost. */
    public long lost() {
        return type == PerfRecordType.LOST ? u64(8) : u64(0);
    }

    /** AUX: the offset of the new data in the AUX area. */
    public long auxOffset() {
        return u64(0);
    }

    /** AUX: the size of the new data. */
    public long auxSize() {
        return u64(8);
    }

    /** AUX: the flags ({@link PerfRecordType#AUX_FLAG_TRUNCATED}, ...). */
    public long auxFlags() {
        return u64(16);
    }

    /** SWITCH_CPU_WIDE: the pid switched to (out) or from (in). */
    public int nextPrevPid() {
        return u32(0);
    }

    /** SWITCH_CPU_WIDE: the tid switched to (out) or from (in). */
    public int nextPrevTid() {
        return u32(4);
    }

    /** MMAP, MMAP2: the file name; COMM: the command name; decoded as UTF-8. */
    public String string() {
        if (stringOffset == NONE) {
            return "";
        }
        byte[] bytes = new byte[stringLength];
        buffer.get(stringOffset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the {@code sample_id} trailer has pid and tid. */
    public boolean hasSamplePid() {
        return pidOffset != NONE;
    }

    /** The sampled pid. */
    public int samplePid() {
        return buffer.getInt(pidOffset);
    }

    /** The sampled tid. */
    public int sampleTid() {
        return buffer.getInt(pidOffset + 4);
    }

    /** Whether the trailer has a time. */
    public boolean hasSampleTime() {
        return timeOffset != NONE;
    }

    /** The sampled perf time. */
    public long sampleTime() {
        return buffer.getLong(timeOffset);
    }

    /**
     * The sampled time as TSC, converted with the reader's {@link PerfEventConfig} (and shifted by
     * a sideband decoder's tsc offset); 0 without a time sample.
     */
    public long tsc() {
        return tsc;
    }

    /** Replaces the TSC, as a sideband decoder does when applying its tsc offset. */
    public void tsc(long value) {
        tsc = value;
    }

    /** Whether the trailer has an id. */
    public boolean hasSampleId() {
        return idOffset != NONE;
    }

    /** The sampled id. */
    public long sampleId() {
        return buffer.getLong(idOffset);
    }

    /** Whether the trailer has a stream id. */
    public boolean hasSampleStreamId() {
        return streamIdOffset != NONE;
    }

    /** The sampled stream id. */
    public long sampleStreamId() {
        return buffer.getLong(streamIdOffset);
    }

    /** Whether the trailer has a cpu. */
    public boolean hasSampleCpu() {
        return cpuOffset != NONE;
    }

    /** The sampled cpu. */
    public int sampleCpu() {
        return buffer.getInt(cpuOffset);
    }

    /** Whether the trailer has an identifier. */
    public boolean hasSampleIdentifier() {
        return identifierOffset != NONE;
    }

    /** The sample identifier. */
    public long sampleIdentifier() {
        return buffer.getLong(identifierOffset);
    }
}
