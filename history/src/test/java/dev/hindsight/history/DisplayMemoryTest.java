package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayMemoryTest {
    /** Read-only: the code at 0x1000 (the image) and rodata at 0x3000..0x3010. */
    private static final ObjectFiles OBJECTS = ObjectFiles.of(new long[][] {{0x1000, 0x1015}, {0x3000, 0x3010}},
            Map.of());

    /** A fake process: byte at address a is (a & 0xff) + 1 from 0x1000 to 0x6000, nothing elsewhere. */
    private final TargetMemory live = (address, buffer, offset, length) -> {
        int n = 0;
        while (n < length && address + n >= 0x1000 && address + n < 0x6000) {
            buffer[offset + n] = (byte) (((address + n) & 0xff) + 1);
            n++;
        }
        return n;
    };

    private final DisplayMemory withProcess = new DisplayMemory(BtsFixture.image(BtsFixture.CALLS), OBJECTS, live);
    private final DisplayMemory withoutProcess = new DisplayMemory(BtsFixture.image(BtsFixture.CALLS), OBJECTS, null);

    @Test
    void shouldReadTheLiveProcessAtTheLivePosition() {
        byte[] b = new byte[4];
        assertEquals(4, withProcess.read(0x5010, b, 0, 4, false, false));
        assertArrayEquals(new byte[] {0x11, 0x12, 0x13, 0x14}, b);
    }

    @Test
    void shouldMakeWritableMemoryUnavailableWhileReplayingReadOnly() {
        assertEquals(DisplayMemory.UNAVAILABLE, withProcess.read(0x5010, new byte[4], 0, 4, true, false));
    }

    @Test
    void shouldReadReadOnlySectionsFromTheProcessWhileReplayingUpToTheSectionsEnd() {
        byte[] b = new byte[8];
        assertEquals(4, withProcess.read(0x300c, b, 0, 8, true, false));
        assertArrayEquals(new byte[] {0x0d, 0x0e, 0x0f, 0x10, 0, 0, 0, 0}, b);
    }

    @Test
    void shouldForwardEveryReadToTheProcessUnderReadWrite() {
        byte[] b = new byte[2];
        assertEquals(2, withProcess.read(0x5010, b, 0, 2, true, true));
        assertArrayEquals(new byte[] {0x11, 0x12}, b);
    }

    @Test
    void shouldSayNothingCouldBeReadWhereTheProcessHasNoMemory() {
        assertEquals(0, withProcess.read(0x9000, new byte[4], 0, 4, false, false));
        assertEquals(2, withProcess.read(0x5ffe, new byte[4], 0, 4, false, false));
    }

    @Test
    void shouldReadOnlyTheImagesReadOnlySectionsWithoutAProcess() {
        byte[] b = new byte[3];
        assertEquals(3, withoutProcess.read(0x1000, b, 0, 3, false, false));
        assertArrayEquals(Arrays.copyOf(BtsFixture.CALLS, 3), b);
        assertEquals(DisplayMemory.UNAVAILABLE, withoutProcess.read(0x5010, b, 0, 3, false, true));
        // rodata the images do not hold cannot be read at all.
        assertEquals(0, withoutProcess.read(0x3000, b, 0, 3, true, false));
    }

    @Test
    void shouldRefuseWritesWithoutAProcessOrWhileReplayingReadOnly() {
        long[] written = {0};
        TargetMemory writable = new TargetMemory() {
            @Override
            public int read(long address, byte[] buffer, int offset, int length) {
                return 0;
            }

            @Override
            public boolean write(long address, byte[] data, int length) {
                written[0] = address;
                return true;
            }
        };
        DisplayMemory m = new DisplayMemory(BtsFixture.image(BtsFixture.CALLS), OBJECTS, writable);
        m.write(0x5000, new byte[4], 4, false, false);
        assertEquals(0x5000, written[0]);
        HistoryError e = assertThrows(HistoryError.class, () -> m.write(0x5004, new byte[4], 4, true, false));
        assertEquals("Cannot access memory at address 0x5004", e.getMessage());
        m.write(0x5008, new byte[4], 4, true, true);
        assertEquals(0x5008, written[0]);
        assertThrows(HistoryError.class, () -> withoutProcess.write(0x5000, new byte[4], 4, false, false));
        // The default target writes nothing.
        assertThrows(HistoryError.class, () -> withProcess.write(0x5000, new byte[4], 4, false, false));
    }

    @Test
    void shouldReadCodeFromTheImagesWhereTheRulesGiveNothing() {
        DisplayMemory noObjects = new DisplayMemory(BtsFixture.image(BtsFixture.CALLS), ObjectFiles.empty(), live);
        byte[] b = new byte[2];
        assertEquals(DisplayMemory.UNAVAILABLE, noObjects.read(0x1000, b, 0, 2, true, false));
        assertEquals(2, noObjects.readCode(0x1000, b, 2, true, false));
        assertArrayEquals(Arrays.copyOf(BtsFixture.CALLS, 2), b);
        assertEquals(2, noObjects.readCode(0x1000, b, 2, false, false));
        assertArrayEquals(new byte[] {0x01, 0x02}, b);
    }
}
