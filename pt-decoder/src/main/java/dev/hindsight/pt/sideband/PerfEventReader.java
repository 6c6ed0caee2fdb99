package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads perf_event records in place, as libipt's {@code pev_read} does.
 *
 * <p>A record is the 8-byte {@code perf_event_header}, the type's fields (strings are
 * NUL-terminated and padded to 8 bytes), then the {@code sample_id} trailer whose fields the
 * configured {@code sample_type} selects, in the kernel's order: TID (pid, tid), TIME, ID,
 * STREAM_ID, CPU (cpu, reserved), IDENTIFIER. Unknown record types are skipped whole, without
 * samples. Nothing is allocated.
 */
public final class PerfEventReader {
    private static final int MMAP_FIXED = 32;
    private static final int MMAP2_FIXED = 64;
    private static final int COMM_FIXED = 8;

    private PerfEventReader() {
    }

    /**
     * Reads the record that starts at {@code pos} into {@code event}.
     *
     * @param buffer a buffer of records; read with absolute gets, so its position is ignored. It
     *     must be little-endian (perf writes host order; we read x86 traces)
     * @param pos    where the record starts
     * @param end    where the readable data ends (exclusive)
     * @param config the sample type and time conversion
     * @param event  the view to fill
     * @return the record size (&gt; 0), or a negative {@link PtError} code:
     *     {@code EOS} if no complete record starts at {@code pos} (also for a zero type, which is
     *     what padding looks like), {@code NOSYNC} if the header size is smaller than the header
     *     or does not match the record's fields and samples, {@code BAD_PACKET} for an
     *     unterminated string, {@code INTERNAL} if a string would start past the record,
     *     {@code BAD_CONFIG} for a time sample with a zero {@code time_mult}
     */
    public static int read(ByteBuffer buffer, int pos, int end, PerfEventConfig config,
            PerfEvent event) {
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN || pos < 0 || end < pos
                || end > buffer.limit()) {
            return -PtError.INTERNAL.code();
        }
        if (end - pos < PerfEvent.HEADER_SIZE) {
            return -PtError.EOS.code();
        }
        int type = buffer.getInt(pos);
        int misc = Short.toUnsignedInt(buffer.getShort(pos + 4));
        int size = Short.toUnsignedInt(buffer.getShort(pos + 6));
        if (size < PerfEvent.HEADER_SIZE) {
            return -PtError.NOSYNC.code();
        }
        if (type == 0 || end - pos < size) {
            return -PtError.EOS.code();
        }
        int recordEnd = pos + size;

        event.clear(buffer, pos);
        event.type = type;
        event.misc = misc;
        event.size = size;

        int body = pos + PerfEvent.HEADER_SIZE;
        int fields;
        switch (type) {
            case PerfRecordType.MMAP -> fields = withString(buffer, body, MMAP_FIXED, recordEnd, event);
            case PerfRecordType.MMAP2 -> fields = withString(buffer, body, MMAP2_FIXED, recordEnd, event);
            case PerfRecordType.COMM -> fields = withString(buffer, body, COMM_FIXED, recordEnd, event);
            case PerfRecordType.LOST -> fields = 16;
            case PerfRecordType.EXIT, PerfRecordType.FORK, PerfRecordType.THROTTLE,
                    PerfRecordType.UNTHROTTLE, PerfRecordType.AUX -> fields = 24;
            case PerfRecordType.ITRACE_START, PerfRecordType.LOST_SAMPLES,
                    PerfRecordType.SWITCH_CPU_WIDE -> fields = 8;
            case PerfRecordType.SWITCH -> fields = 0;
            default -> {
                // Like pev_read: known size, but no samples for records we do not model.
                return size;
            }
        }
        if (fields < 0) {
            return fields;
        }

        int samples = readSamples(buffer, body + fields, recordEnd, config, event);
        if (samples < 0) {
            return samples;
        }
        int total = PerfEvent.HEADER_SIZE + fields + samples;
        if ((total & 0xffff) != size) {
            return -PtError.NOSYNC.code();
        }
        return size;
    }

    // Returns the size of the fixed fields plus the padded string, or a negative error.
    private static int withString(ByteBuffer buffer, int body, int fixed, int recordEnd,
            PerfEvent event) {
        int start = body + fixed;
        if (recordEnd < start) {
            return -PtError.INTERNAL.code();
        }
        for (int at = start; at < recordEnd; ++at) {
            if (buffer.get(at) == 0) {
                int length = at - start;
                event.stringOffset = start;
                event.stringLength = length;
                return fixed + ((length + 1 + 7) & ~7);
            }
        }
        return -PtError.BAD_PACKET.code();
    }

    // Mirrors pev_read_samples: lays out the trailer; reads only the time, and only in bounds.
    private static int readSamples(ByteBuffer buffer, int begin, int end, PerfEventConfig config,
            PerfEvent event) {
        long sampleType = config.sampleType();
        int pos = begin;
        if ((sampleType & PerfEventConfig.SAMPLE_TID) != 0) {
            event.pidOffset = pos;
            pos += 8;
        }
        if ((sampleType & PerfEventConfig.SAMPLE_TIME) != 0) {
            event.timeOffset = pos;
            pos += 8;
            if (end < pos) {
                return -PtError.NOSYNC.code();
            }
            long time = buffer.getLong(event.timeOffset);
            if (time != 0 && config.timeToTscStatus() < 0) {
                return config.timeToTscStatus();
            }
            event.tsc = config.timeToTsc(time);
        }
        if ((sampleType & PerfEventConfig.SAMPLE_ID) != 0) {
            event.idOffset = pos;
            pos += 8;
        }
        if ((sampleType & PerfEventConfig.SAMPLE_STREAM_ID) != 0) {
            event.streamIdOffset = pos;
            pos += 8;
        }
        if ((sampleType & PerfEventConfig.SAMPLE_CPU) != 0) {
            event.cpuOffset = pos;
            pos += 8;
        }
        if ((sampleType & PerfEventConfig.SAMPLE_IDENTIFIER) != 0) {
            event.identifierOffset = pos;
            pos += 8;
        }
        return pos - begin;
    }
}
