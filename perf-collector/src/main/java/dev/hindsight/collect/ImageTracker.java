package dev.hindsight.collect;

import dev.hindsight.collect.sys.ProcMaps;
import dev.hindsight.collect.sys.ProcessMemory;
import dev.hindsight.collect.sys.SysCallException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the executable mappings of the recorded process in the recording. Code only runs from a
 * mapping that exists, so {@code /proc/PID/maps} is read again only when a thread stands at a pc
 * outside every mapping seen so far: the check per step is a range test, the rescan is rare
 * (the dynamic loader mapping a library, a JIT mapping new code). Mappings without a file
 * ({@code [vdso]}, anonymous executable memory) are copied when first seen; later changes to
 * such memory are not seen.
 */
public final class ImageTracker {
    private final int pid;
    private final ProcessMemory memory;
    private final RecordingWriter writer;
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int size;
    private int lastHit;

    /** A tracker of process {@code pid} adding to {@code writer}. */
    public ImageTracker(int pid, ProcessMemory memory, RecordingWriter writer) {
        this.pid = pid;
        this.memory = memory;
        this.writer = writer;
    }

    /** Makes sure the mapping holding {@code pc} is in the recording. */
    public void see(long pc) throws IOException {
        if (size > 0 && inRange(lastHit, pc)) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (inRange(i, pc)) {
                lastHit = i;
                return;
            }
        }
        rescan();
    }

    private boolean inRange(int i, long pc) {
        return Long.compareUnsigned(pc, starts[i]) >= 0 && Long.compareUnsigned(pc, ends[i]) < 0;
    }

    /** Reads the maps again and adds every executable mapping not yet in the recording. */
    public void rescan() throws IOException {
        List<ProcMaps.Mapping> maps;
        try {
            maps = ProcMaps.read(pid);
        } catch (IOException e) {
            return; // the process is gone; its exit is reported by the engine
        }
        for (ProcMaps.Mapping m : maps) {
            if (!m.executable() || known(m)) {
                continue;
            }
            byte[] copy = null;
            if (!m.fileBacked() && !m.path().equals("[vsyscall]")) {
                long len = m.end() - m.start();
                if (len <= Integer.MAX_VALUE) {
                    byte[] b = new byte[(int) len];
                    try {
                        int got = memory.read(m.start(), b, 0, b.length);
                        copy = got == b.length ? b : Arrays.copyOf(b, got);
                    } catch (SysCallException e) {
                        copy = null; // unreadable: listed without bytes
                    }
                }
            }
            writer.addImage(m, copy);
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
            }
            starts[size] = m.start();
            ends[size] = m.end();
            size++;
        }
    }

    private boolean known(ProcMaps.Mapping m) {
        for (int i = 0; i < size; i++) {
            if (starts[i] == m.start() && ends[i] == m.end()) {
                return true;
            }
        }
        return false;
    }
}
