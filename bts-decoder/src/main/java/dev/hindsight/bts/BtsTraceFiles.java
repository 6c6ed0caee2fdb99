package dev.hindsight.bts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads files of BTS records. */
public final class BtsTraceFiles {
    private BtsTraceFiles() {
    }

    /**
     * Reads {@code file} as records in {@code format}.
     *
     * @throws IOException if the file cannot be read
     */
    public static BtsTrace read(Path file, BtsFormat format) throws IOException {
        return new BtsTraceReader(format).read(ByteBuffer.wrap(Files.readAllBytes(file)));
    }
}
