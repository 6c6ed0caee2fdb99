package dev.hindsight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hindsight.pt.image.ImageLoadException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class OneLineErrorHandlerTest {
    @Test
    void shouldPrintAnImageLoadErrorAsItsOwnMessage() {
        assertEquals("x.bin: no such file",
                OneLineErrorHandler.describe(new ImageLoadException("x.bin", "no such file")));
    }

    @Test
    void shouldNameAMissingFile() {
        assertEquals("t.pt: no such file", OneLineErrorHandler.describe(
                new UncheckedIOException(new NoSuchFileException("t.pt"))));
    }

    @Test
    void shouldNameTheKindOfAnUnexpectedError() {
        assertEquals("IllegalStateException: boom", OneLineErrorHandler.describe(new IllegalStateException("boom")));
    }
}
