package dev.hindsight.pt.packet;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Maps a raw Intel PT trace file, or a byte range of one, read-only into memory for a
 * {@link PacketDecoder}. The returned buffer is little-endian, positioned at 0, and its limit is
 * the range's size; the bytes are never copied.
 */
public final class TraceFile {
    /** The largest trace one buffer can hold. */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    private TraceFile() {
    }

    /** Maps the whole file; see {@link #map(Path, long, long)}. */
    public static MappedByteBuffer map(Path file) throws IOException {
        return map(file, 0, 0);
    }

    /**
     * Maps {@code size} bytes of {@code file} from {@code offset}, or the rest of the file if
     * {@code size} is 0 (ptdump's {@code <ptfile>[:<from>[-<to>]]}).
     *
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException with a one-line message naming the file if it is a directory, empty,
     *     shorter than the range, or larger than {@link #MAX_SIZE}
     */
    public static MappedByteBuffer map(Path file, long offset, long size) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize == 0) {
                throw new IOException(file + ": empty file");
            }
            if (offset < 0 || offset >= fileSize) {
                throw new IOException(file + ": bad offset 0x" + Long.toHexString(offset));
            }
            long end = size == 0 ? fileSize : offset + size;
            if (size < 0 || end > fileSize || end < offset) {
                throw new IOException(file + ": bad range 0x" + Long.toHexString(end));
            }
            if (end - offset > MAX_SIZE) {
                throw new IOException(file + ": trace larger than 2 GiB; give a range");
            }
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, offset, end - offset);
            buf.order(ByteOrder.LITTLE_ENDIAN);
            return buf;
        }
    }
}
