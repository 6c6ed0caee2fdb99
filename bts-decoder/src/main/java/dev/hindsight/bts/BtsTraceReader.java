package dev.hindsight.bts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns BTS records into a {@link BtsTrace}, as gdb's {@code perf_event_read_bts} does (spec
 * §10.1): each record {from, to} ends the block before it at {@code from} and starts the next
 * one at {@code to}; the newest block ends at the current pc. Records whose {@code from} is a
 * kernel address are skipped. The block before the oldest record is dropped, as on gdb's full
 * reads.
 */
public final class BtsTraceReader {
    /** {@code PERF_RECORD_SAMPLE}. */
    static final int PERF_RECORD_SAMPLE = 9;
    /** gdb's warning for a perf record of the wrong type or size. */
    public static final String INCOMPLETE = "Branch trace may be incomplete.";

    private static final long KERNEL_BIT = 1L << 63;

    private final BtsFormat format;
    private long kernelStart;
    private long currentPc = -1;

    /** A reader for records in {@code format}. */
    public BtsTraceReader(BtsFormat format) {
        this.format = format;
    }

    /**
     * Sets the kernel's start address ({@code _text}); records from at or above it are kernel
     * records. 0 (the default) means unknown: then addresses with bit 63 set are the kernel's.
     */
    public BtsTraceReader kernelStart(long address) {
        this.kernelStart = address;
        return this;
    }

    /**
     * Sets the current pc, where the newest block ends. By default the trace ends where the
     * newest record jumped to, so the current instruction is the newest record's {@code to}.
     */
    public BtsTraceReader currentPc(long pc) {
        this.currentPc = pc;
        return this;
    }

    /** Whether {@code address} belongs to the kernel (gdb's {@code perf_event_is_kernel_addr}). */
    public boolean isKernel(long address) {
        return kernelStart != 0 ? Long.compareUnsigned(address, kernelStart) >= 0 : (address & KERNEL_BIT) != 0;
    }

    /**
     * Reads all whole records in {@code data} (from its position to its limit); a trailing
     * partial record is dropped with gdb's {@link #INCOMPLETE} warning.
     */
    public BtsTrace read(ByteBuffer data) {
        ByteBuffer b = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = b.remaining() / format.recordSize();
        List<String> warnings = new ArrayList<>();
        long[] from = new long[n];
        long[] to = new long[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int at = i * format.recordSize();
            long f;
            long t;
            if (format == BtsFormat.PERF) {
                int type = b.getInt(at);
                int size = b.getShort(at + 6) & 0xffff;
                if (type != PERF_RECORD_SAMPLE || size != format.recordSize()) {
                    // gdb walks backwards from the newest sample and stops at a bad one, so
                    // everything older than it is lost.
                    warnings.add(INCOMPLETE);
                    kept = 0;
                    continue;
                }
                f = b.getLong(at + 8);
                t = b.getLong(at + 16);
            } else {
                f = b.getLong(at);
                t = b.getLong(at + 8);
            }
            if (isKernel(f)) {
                continue;
            }
            from[kept] = f;
            to[kept] = t;
            kept++;
        }
        if (b.remaining() % format.recordSize() != 0) {
            warnings.add(INCOMPLETE);
        }
        if (warnings.size() > 1) {
            warnings.subList(1, warnings.size()).clear();
        }
        if (kept == 0) {
            return new BtsTrace(new long[0], new long[0], warnings);
        }
        long[] begin = new long[kept];
        long[] end = new long[kept];
        for (int i = 0; i < kept; i++) {
            begin[i] = to[i];
            end[i] = i + 1 < kept ? from[i + 1] : currentPc != -1 ? currentPc : to[i];
        }
        return new BtsTrace(begin, end, warnings);
    }
}
