package dev.hindsight.collect.pt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the sideband streams of several per-thread events into one, ordered by the time in each
 * record's sample_id trailer, as libipt's pevent decoder expects of one file. With
 * {@link PtAttr#SIDEBAND_SAMPLE_TYPE} (TID, TIME) the time is a record's last 8 bytes; records of
 * equal time keep their stream order, records of one stream keep their order.
 */
public final class SidebandMerger {
    private SidebandMerger() {
    }

    private record Rec(long time, int stream, int offset, int size, int seq) {
    }

    /**
     * The records of {@code streams} merged by time.
     *
     * @throws IllegalArgumentException on a record whose size is below its header or past its
     *     stream's end
     */
    public static byte[] merge(List<byte[]> streams) {
        List<Rec> all = new ArrayList<>();
        int seq = 0;
        for (int s = 0; s < streams.size(); s++) {
            ByteBuffer b = ByteBuffer.wrap(streams.get(s)).order(ByteOrder.LITTLE_ENDIAN);
            int pos = 0;
            long lastTime = Long.MIN_VALUE;
            while (pos + 8 <= b.limit()) {
                int size = Short.toUnsignedInt(b.getShort(pos + 6));
                if (size < 8 || pos + size > b.limit()) {
                    throw new IllegalArgumentException("bad sideband record at offset " + pos
                            + " of stream " + s);
                }
                // Records without a trailer (too short for one) keep the last time seen.
                long time = size >= 24 ? b.getLong(pos + size - 8) : lastTime;
                time = Math.max(time, lastTime);
                lastTime = time;
                all.add(new Rec(time, s, pos, size, seq++));
                pos += size;
            }
        }
        all.sort(Comparator.comparingLong(Rec::time).thenComparingInt(Rec::seq));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Rec r : all) {
            out.write(streams.get(r.stream()), r.offset(), r.size());
        }
        return out.toByteArray();
    }
}
