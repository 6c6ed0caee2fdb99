package dev.hindsight.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One thread's branch record file being written: 24-byte DS-area BTS records (from, to, flags;
 * u64 little-endian) through one reused buffer, so adding a record allocates nothing.
 */
public final class ThreadRecords {
    /** Bytes per record. */
    public static final int RECORD_SIZE = 24;

    private final int tid;
    private final String fileName;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECORD_SIZE * 2730)
            .order(ByteOrder.LITTLE_ENDIAN);
    private long branches;
    long instructions;
    long startPc = -1;
    long endPc = -1;

    ThreadRecords(int tid, Path dir) throws IOException {
        this.tid = tid;
        this.fileName = "thread-" + tid + ".bts";
        this.channel = FileChannel.open(dir.resolve(fileName), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    /** The thread id. */
    public int tid() {
        return tid;
    }

    /** The record file's name within the recording directory. */
    public String fileName() {
        return fileName;
    }

    /** Records written so far. */
    public long branches() {
        return branches;
    }

    /** Appends the record of a taken branch from {@code from} to {@code to}. */
    public void add(long from, long to, long flags) {
        if (buffer.remaining() < RECORD_SIZE) {
            flush();
        }
        buffer.putLong(from).putLong(to).putLong(flags);
        branches++;
    }

    void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    void close() throws IOException {
        flush();
        channel.close();
    }
}
