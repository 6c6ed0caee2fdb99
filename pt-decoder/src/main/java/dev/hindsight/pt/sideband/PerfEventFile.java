package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A perf_event sideband stream: a read-only, little-endian view of a file or of part of one,
 * mapped rather than copied, with the name it is reported under.
 *
 * <p>Offsets in diagnostics and in {@code --sb:offset} output count from the start of the view,
 * as libipt counts them from the start of the loaded range ({@code pt_sb_file_load}).
 *
 * @param name   the file name as given by the user (printed by {@code --sb:filename} and in
 *               sideband warnings)
 * @param buffer the records, position 0 to limit, little-endian
 */
public record PerfEventFile(String name, ByteBuffer buffer) {

    /** Checks the buffer's byte order. */
    public PerfEventFile {
        if (buffer.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("perf_event buffers are little-endian");
        }
    }

    /**
     * Maps {@code [begin, end)} of a file, as {@code pt_sb_file_load} loads it: {@code end} 0
     * means the end of the file, and an end past the file is cut at the file's end.
     *
     * @param name  the name to report the file under
     * @param path  where the file is
     * @param begin the first byte
     * @param end   the end (exclusive), or 0 for the end of the file
     * @return the mapped stream
     * @throws SidebandLoadException with {@code INVALID} for {@code end <= begin} (when
     *     {@code end} is given) or a {@code begin} past the file, and {@code BAD_FILE} if the file
     *     cannot be read
     */
    public static PerfEventFile map(String name, Path path, long begin, long end) {
        if (begin < 0 || (end != 0 && Long.compareUnsigned(end, begin) <= 0)) {
            throw new SidebandLoadException(name, PtError.INVALID);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            long stop = end == 0 || Long.compareUnsigned(end, fileSize) > 0 ? fileSize : end;
            if (stop < begin) {
                throw new SidebandLoadException(name, PtError.INVALID);
            }
            if (stop - begin > Integer.MAX_VALUE) {
                throw new SidebandLoadException(name, PtError.NOMEM);
            }
            ByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, begin, stop - begin);
            return new PerfEventFile(name, mapped.order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException | SecurityException e) {
            throw new SidebandLoadException(name, PtError.BAD_FILE);
        }
    }

    /** A stream over bytes already in memory (tests, trace bundles); the array is not copied. */
    public static PerfEventFile of(String name, byte[] bytes) {
        return new PerfEventFile(name, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The number of bytes in the stream. */
    public int size() {
        return buffer.limit();
    }
}
