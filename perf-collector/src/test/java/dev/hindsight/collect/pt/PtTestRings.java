package dev.hindsight.collect.pt;

import dev.hindsight.collect.sys.MmapPage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds byte buffers laid out as the kernel lays out a perf ring: page, data area, AUX area. */
final class PtTestRings {
    static final int PAGE = 4096;

    private PtTestRings() {
    }

    /** A metadata page plus {@code dataSize} data bytes plus {@code auxSize} AUX bytes. */
    static ByteBuffer ring(int dataSize, int auxSize) {
        ByteBuffer b = ByteBuffer.allocate(PAGE + dataSize + auxSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MmapPage.DATA_OFFSET, PAGE);
        b.putLong(MmapPage.DATA_SIZE, dataSize);
        b.putLong(MmapPage.AUX_OFFSET, PAGE + dataSize);
        b.putLong(MmapPage.AUX_SIZE, auxSize);
        return b;
    }

    /** Writes {@code rec} into the data area at ring position {@code pos}, wrapping. */
    static void putData(ByteBuffer ring, long pos, byte[] rec) {
        int size = (int) ring.getLong(MmapPage.DATA_SIZE);
        for (int i = 0; i < rec.length; i++) {
            ring.put(PAGE + (int) ((pos + i) % size), rec[i]);
        }
    }

    static byte[] aux(long offset, long size, long flags) {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(11).putShort((short) 0).putShort((short) 48);
        b.putLong(offset).putLong(size).putLong(flags);
        b.putInt(42).putInt(42).putLong(1000); // sample_id: tid, time
        return b.array();
    }

    static byte[] lost(long count) {
        ByteBuffer b = ByteBuffer.allocate(8 + 16 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).putShort((short) 0).putShort((short) 40);
        b.putLong(7).putLong(count);
        b.putInt(42).putInt(42).putLong(1001);
        return b.array();
    }

    static byte[] itraceStart(int pid, int tid) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(12).putShort((short) 0).putShort((short) 32);
        b.putInt(pid).putInt(tid);
        b.putInt(pid).putInt(tid).putLong(999);
        return b.array();
    }
}
