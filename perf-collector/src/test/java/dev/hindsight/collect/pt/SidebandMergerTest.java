package dev.hindsight.collect.pt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SidebandMergerTest {
    /** A 24-byte ITRACE_START-like record: header, pid/tid, time. */
    private static byte[] rec(int tid, long time) {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(12).putShort((short) 0).putShort((short) 24).putInt(tid).putInt(tid).putLong(time);
        return b.array();
    }

    private static byte[] cat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(parts.length * 24);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @Test
    void shouldOrderRecordsOfAllThreadsByTime() {
        byte[] a = cat(rec(1, 10), rec(1, 30), rec(1, 50));
        byte[] b = cat(rec(2, 20), rec(2, 30), rec(2, 40));
        assertArrayEquals(cat(rec(1, 10), rec(2, 20), rec(1, 30), rec(2, 30), rec(2, 40),
                rec(1, 50)), SidebandMerger.merge(List.of(a, b)));
    }

    @Test
    void shouldRefuseABrokenRecord() {
        byte[] bad = rec(1, 10);
        bad[6] = 100;
        assertThrows(IllegalArgumentException.class, () -> SidebandMerger.merge(List.of(bad)));
    }
}
