package dev.hindsight.pt.sideband;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds perf_event sideband bytes by hand for tests, the way the kernel lays them out: header,
 * record fields, NUL-padded strings, then the sample_id trailer of the configured sample type.
 */
final class PerfRecords {
    /** Sample values; written only where the sample type asks for them. */
    record Sample(int pid, int tid, long time, long id, long streamId, int cpu, long identifier) {
        static Sample time(long time) {
            return new Sample(0, 0, time, 0, 0, 0, 0);
        }

        static Sample of(int pid, int tid, long time) {
            return new Sample(pid, tid, time, 0, 0, 0, 0);
        }
    }

    private final long sampleType;
    private ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

    PerfRecords(long sampleType) {
        this.sampleType = sampleType;
    }

    byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }

    int position() {
        return out.position();
    }

    PerfRecords mmap(int misc, int pid, int tid, long addr, long len, long pgoff, String file,
            Sample sample) {
        ByteBuffer body = body(64 + file.length());
        body.putInt(pid).putInt(tid).putLong(addr).putLong(len).putLong(pgoff);
        string(body, file);
        return record(PerfRecordType.MMAP, misc, body, sample);
    }

    PerfRecords mmap2(int pid, int tid, long addr, long len, long pgoff, int maj, int min,
            long ino, long gen, int prot, int flags, String file, Sample sample) {
        ByteBuffer body = body(96 + file.length());
        body.putInt(pid).putInt(tid).putLong(addr).putLong(len).putLong(pgoff).putInt(maj)
                .putInt(min).putLong(ino).putLong(gen).putInt(prot).putInt(flags);
        string(body, file);
        return record(PerfRecordType.MMAP2, 0, body, sample);
    }

    PerfRecords lost(long id, long lost, Sample sample) {
        return record(PerfRecordType.LOST, 0, body(16).putLong(id).putLong(lost), sample);
    }

    PerfRecords comm(int misc, int pid, int tid, String comm, Sample sample) {
        ByteBuffer body = body(32 + comm.length()).putInt(pid).putInt(tid);
        string(body, comm);
        return record(PerfRecordType.COMM, misc, body, sample);
    }

    PerfRecords exit(int pid, int ppid, int tid, int ptid, long time, Sample sample) {
        return record(PerfRecordType.EXIT, 0,
                body(24).putInt(pid).putInt(ppid).putInt(tid).putInt(ptid).putLong(time), sample);
    }

    PerfRecords fork(int pid, int ppid, int tid, int ptid, long time, Sample sample) {
        return record(PerfRecordType.FORK, 0,
                body(24).putInt(pid).putInt(ppid).putInt(tid).putInt(ptid).putLong(time), sample);
    }

    PerfRecords throttle(int type, long time, long id, long streamId, Sample sample) {
        return record(type, 0, body(24).putLong(time).putLong(id).putLong(streamId), sample);
    }

    PerfRecords aux(long offset, long size, long flags, Sample sample) {
        return record(PerfRecordType.AUX, 0, body(24).putLong(offset).putLong(size).putLong(flags),
                sample);
    }

    PerfRecords itraceStart(int pid, int tid, Sample sample) {
        return record(PerfRecordType.ITRACE_START, 0, body(8).putInt(pid).putInt(tid), sample);
    }

    PerfRecords lostSamples(long lost, Sample sample) {
        return record(PerfRecordType.LOST_SAMPLES, 0, body(8).putLong(lost), sample);
    }

    PerfRecords switchTask(boolean out, Sample sample) {
        return record(PerfRecordType.SWITCH, out ? PerfRecordType.MISC_SWITCH_OUT : 0, body(0),
                sample);
    }

    PerfRecords switchCpuWide(boolean out, int pid, int tid, Sample sample) {
        return record(PerfRecordType.SWITCH_CPU_WIDE, out ? PerfRecordType.MISC_SWITCH_OUT : 0,
                body(8).putInt(pid).putInt(tid), sample);
    }

    /** Appends raw bytes, e.g. a broken record. */
    PerfRecords raw(int... bytes) {
        ensure(bytes.length);
        for (int b : bytes) {
            out.put((byte) b);
        }
        return this;
    }

    /** Appends a header and body as given, with the sample trailer, and no size check. */
    PerfRecords record(int type, int misc, ByteBuffer body, Sample sample) {
        ByteBuffer samples = body(64);
        if ((sampleType & PerfEventConfig.SAMPLE_TID) != 0) {
            samples.putInt(sample.pid()).putInt(sample.tid());
        }
        if ((sampleType & PerfEventConfig.SAMPLE_TIME) != 0) {
            samples.putLong(sample.time());
        }
        if ((sampleType & PerfEventConfig.SAMPLE_ID) != 0) {
            samples.putLong(sample.id());
        }
        if ((sampleType & PerfEventConfig.SAMPLE_STREAM_ID) != 0) {
            samples.putLong(sample.streamId());
        }
        if ((sampleType & PerfEventConfig.SAMPLE_CPU) != 0) {
            samples.putInt(sample.cpu()).putInt(0);
        }
        if ((sampleType & PerfEventConfig.SAMPLE_IDENTIFIER) != 0) {
            samples.putLong(sample.identifier());
        }
        int size = 8 + body.position() + samples.position();
        ensure(size);
        out.putInt(type).putShort((short) misc).putShort((short) size);
        out.put(body.array(), 0, body.position());
        out.put(samples.array(), 0, samples.position());
        return this;
    }

    private static ByteBuffer body(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void string(ByteBuffer body, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        body.put(bytes);
        int padded = (bytes.length + 1 + 7) & ~7;
        for (int i = bytes.length; i < padded; ++i) {
            body.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (out.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more))
                    .order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(out.array(), 0, out.position());
            out = bigger;
        }
    }
}
