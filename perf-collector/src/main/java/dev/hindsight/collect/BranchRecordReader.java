package dev.hindsight.collect;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one thread's record file of a recording: 24-byte BTS records (from, to, flags; u64
 * little-endian), in order, through one buffer.
 */
public final class BranchRecordReader implements Closeable {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(ThreadRecords.RECORD_SIZE * 2730)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final long count;
    private long read;

    BranchRecordReader(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        if (size % ThreadRecords.RECORD_SIZE != 0) {
            channel.close();
            throw new IOException(file + ": " + size + " bytes is not a whole number of "
                    + ThreadRecords.RECORD_SIZE + "-byte records");
        }
        this.count = size / ThreadRecords.RECORD_SIZE;
        buffer.limit(0);
    }

    /** How many records the file holds. */
    public long count() {
        return count;
    }

    /** Fills {@code r} with the next record and returns 1, or returns 0 at the end. */
    public int next(BranchRecord r) throws IOException {
        if (read == count) {
            return 0;
        }
        if (buffer.remaining() < ThreadRecords.RECORD_SIZE) {
            buffer.compact();
            while (buffer.position() < ThreadRecords.RECORD_SIZE) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("record file ended early");
                }
            }
            buffer.flip();
        }
        r.from = buffer.getLong();
        r.to = buffer.getLong();
        r.flags = buffer.getLong();
        read++;
        return 1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
