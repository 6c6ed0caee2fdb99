package dev.hindsight.collect;

import dev.hindsight.collect.bundle.BundleManifest;
import dev.hindsight.collect.bundle.BundleWriter;
import dev.hindsight.collect.pt.PtThreadCollector;
import dev.hindsight.collect.pt.SidebandMerger;
import dev.hindsight.collect.sys.Errno;
import dev.hindsight.collect.sys.ProcMaps;
import dev.hindsight.collect.sys.ProcessMemory;
import dev.hindsight.collect.sys.Ptrace;
import dev.hindsight.collect.sys.Signals;
import dev.hindsight.collect.sys.Spawn;
import dev.hindsight.collect.sys.SysCallException;
import dev.hindsight.collect.sys.WaitStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Records a program with per-thread hardware trace events (Intel PT or BTS) and writes a bundle.
 *
 * <p>The process is followed with ptrace only at its thread and exec events, never stepped: a
 * launched program is stopped before its exec and its event opened with enable_on_exec; each
 * clone stops the new thread until its own event is open, so no thread runs untraced. At the
 * main thread's exit stop (PTRACE_O_TRACEEXIT), while its memory still exists, the executable
 * mappings are read and memory without a file is copied; Intel PT's MMAP2 sideband adds the
 * mappings that were gone by then. Between events the rings are polled every millisecond.
 *
 * <p>Needs the hardware; on machines without it {@link Recorder#choose} refuses first.
 */
public final class HardwareRecorder {
    private static final int OPTIONS = Ptrace.O_TRACECLONE | Ptrace.O_TRACEEXEC | 0x40;
    private static final int EVENT_EXIT = 6;

    /** Opens the collector of a thread. */
    @FunctionalInterface
    public interface CollectorFactory {
        /** A collector for {@code tid}, started at exec when {@code atExec}, in {@code dir}. */
        ThreadCollector open(int tid, boolean atExec, Path dir) throws IOException;
    }

    private final Ptrace ptrace = new Ptrace();
    private final Map<Integer, ThreadCollector> live = new LinkedHashMap<>();
    private final List<ThreadCollector.Result> done = new ArrayList<>();
    private final Map<String, ProcMaps.Mapping> mappings = new LinkedHashMap<>();
    private final Map<String, byte[]> copies = new LinkedHashMap<>();
    private final CollectorFactory factory;
    private final Path work;
    private final Consumer<String> say;
    private BundleManifest.Timing timing;

    private HardwareRecorder(CollectorFactory factory, Path work, Consumer<String> say) {
        this.factory = factory;
        this.work = work;
        this.say = say;
    }

    /**
     * Records {@code request} with {@code method}'s collectors and writes the bundle
     * {@code request.out()}.
     *
     * @return the bundle's manifest and whether the program ended
     */
    public static Recorder.Outcome record(Recorder.Request request, MachineSupport.Verdict v,
            CpuInfo cpu, CollectorFactory factory, Consumer<String> say) throws IOException {
        return record(request, v, cpu, factory, say, new java.util.concurrent.atomic.AtomicBoolean());
    }

    /**
     * As {@link #record(Recorder.Request, MachineSupport.Verdict, CpuInfo, CollectorFactory,
     * Consumer)}, ending early (and still writing the bundle) once {@code stop} is set.
     */
    public static Recorder.Outcome record(Recorder.Request request, MachineSupport.Verdict v,
            CpuInfo cpu, CollectorFactory factory, Consumer<String> say,
            java.util.concurrent.atomic.AtomicBoolean stop) throws IOException {
        Path out = request.out().toAbsolutePath();
        Path work = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".hw-");
        try {
            HardwareRecorder r = new HardwareRecorder(factory, work, say);
            r.stopRequest = stop;
            boolean ended;
            int pid;
            int exit;
            if (request.pid() != 0) {
                pid = request.pid();
                r.attach(pid);
                ended = r.follow(pid, request.durationMillis(), false);
                exit = -1;
            } else {
                LaunchSpec spec = LaunchSpec.of(request.command()).withNoAslr(request.noAslr());
                List<String> argv = spec.resolvedArgv();
                pid = Spawn.spawnStopped(argv, spec.env(), spec.noAslr(), null, null, null);
                int early = Spawn.awaitStopped(r.ptrace, pid);
                if (early >= 0) {
                    throw new LaunchException(argv.get(0) + ": the launcher shell exited with "
                            + early);
                }
                r.ptrace.seize(pid, OPTIONS | Ptrace.O_EXITKILL);
                r.start(pid, true);
                r.ptrace.kill(pid, Signals.SIGCONT);
                ended = r.follow(pid, request.durationMillis(), true);
                exit = r.exitCode;
            }
            BundleManifest m = r.write(request, v, cpu, pid);
            return new Recorder.Outcome(v.method(), v.reason(), null, m, ended, exit);
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private int exitCode = -1;
    private java.util.concurrent.atomic.AtomicBoolean stopRequest;

    private void start(int tid, boolean atExec) throws IOException {
        ThreadCollector c = factory.open(tid, atExec, work);
        live.put(tid, c);
        if (!atExec) {
            c.enable();
        }
        if (timing == null && c instanceof PtThreadCollector pt) {
            timing = pt.timing();
        }
    }

    private void attach(int pid) throws IOException {
        Path task = Path.of("/proc", Integer.toString(pid), "task");
        if (!Files.isDirectory(task)) {
            throw new LaunchException("no process " + pid);
        }
        Set<Integer> seen = new LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            try (Stream<Path> s = Files.list(task)) {
                for (Path p : s.toList()) {
                    int tid = Integer.parseInt(p.getFileName().toString());
                    if (seen.add(tid)) {
                        grew = true;
                        try {
                            ptrace.seize(tid, OPTIONS);
                        } catch (SysCallException e) {
                            if (e.errno() == Errno.ESRCH && tid != pid) {
                                continue;
                            }
                            throw new LaunchException("cannot attach to " + pid + ": "
                                    + e.getMessage());
                        }
                        start(tid, false);
                    }
                }
            }
        }
        snapshotMaps(pid);
    }

    /** Follows the process until it ends or the time is up; returns whether it ended. */
    private boolean follow(int pid, long durationMillis, boolean launched) throws IOException {
        long deadline = durationMillis > 0 ? System.nanoTime() + durationMillis * 1_000_000 : 0;
        while (true) {
            int tid = ptrace.waitpid(-1, Ptrace.WALL | Ptrace.WNOHANG);
            if (tid == 0) {
                for (ThreadCollector c : live.values()) {
                    c.poll();
                }
                if (deadline != 0 && System.nanoTime() > deadline || stopRequest.get()) {
                    stop(pid, launched);
                    return false;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop(pid, launched);
                    return false;
                }
                continue;
            }
            int status = ptrace.status();
            if (!WaitStatus.stopped(status)) {
                finish(tid);
                if (tid == pid) {
                    exitCode = WaitStatus.exited(status) ? WaitStatus.exitCode(status)
                            : 128 + WaitStatus.termSignal(status);
                    for (Integer t : new ArrayList<>(live.keySet())) {
                        finish(t);
                    }
                    return true;
                }
                continue;
            }
            int event = WaitStatus.event(status);
            if (event == Ptrace.EVENT_CLONE) {
                int child = (int) ptrace.eventMessage(tid);
                if (!live.containsKey(child)) {
                    start(child, false);
                }
                ptrace.cont(tid, 0);
            } else if (event == EVENT_EXIT) {
                if (tid == pid) {
                    snapshotMaps(pid);
                }
                ptrace.cont(tid, 0);
            } else if (event == Ptrace.EVENT_EXEC) {
                snapshotMaps(pid);
                ptrace.cont(tid, 0);
            } else if (event != 0) {
                ptrace.cont(tid, 0);
            } else {
                int sig = WaitStatus.stopSignal(status);
                if (!live.containsKey(tid)) {
                    start(tid, false); // a new thread reported before its parent's clone stop
                }
                // A new thread's first SIGSTOP and our launcher's SIGCONT are not the program's.
                ptrace.cont(tid, sig == Signals.SIGSTOP || sig == Signals.SIGCONT ? 0 : sig);
            }
        }
    }

    private void stop(int pid, boolean launched) throws IOException {
        snapshotMapsQuietly(pid);
        for (Integer t : new ArrayList<>(live.keySet())) {
            finish(t);
        }
        if (launched) {
            try {
                ptrace.kill(pid, 9);
                // Reap it, so no zombie is left behind.
                while (true) {
                    int t = ptrace.waitpid(-1, Ptrace.WALL);
                    if (!WaitStatus.stopped(ptrace.status())) {
                        if (t == pid) {
                            break;
                        }
                        continue;
                    }
                    // Killed threads still stop at PTRACE_EVENT_EXIT; let them go on dying.
                    try {
                        ptrace.cont(t, 0);
                    } catch (SysCallException e) {
                        // gone meanwhile
                    }
                }
            } catch (SysCallException e) {
                // already gone (ECHILD)
            }
        } else {
            for (int t : threadsOf(pid)) {
                try {
                    ptrace.interrupt(t);
                    ptrace.waitpid(t, Ptrace.WALL);
                    ptrace.detach(t, 0);
                } catch (SysCallException e) {
                    // the thread ended meanwhile
                }
            }
        }
    }

    private static List<Integer> threadsOf(int pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void finish(int tid) throws IOException {
        ThreadCollector c = live.remove(tid);
        if (c != null) {
            try (c) {
                ThreadCollector.Result r = c.finish();
                if (r.warning() != null) {
                    say.accept("thread " + tid + ": " + r.warning());
                }
                done.add(r);
            }
        }
    }

    private void snapshotMapsQuietly(int pid) {
        try {
            snapshotMaps(pid);
        } catch (IOException e) {
            // the process is gone; the sideband still lists its mappings
        }
    }

    private void snapshotMaps(int pid) throws IOException {
        List<ProcMaps.Mapping> maps;
        try {
            maps = ProcMaps.read(pid);
        } catch (IOException e) {
            return;
        }
        ProcessMemory memory = new ProcessMemory(pid);
        for (ProcMaps.Mapping m : maps) {
            String key = Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()) + " "
                    + m.path();
            if (!m.executable() || mappings.containsKey(key)) {
                continue;
            }
            mappings.put(key, m);
            if (!m.fileBacked() && !m.path().equals("[vsyscall]")
                    && m.end() - m.start() <= Integer.MAX_VALUE) {
                byte[] b = new byte[(int) (m.end() - m.start())];
                try {
                    int got = memory.read(m.start(), b, 0, b.length);
                    copies.put(key, got == b.length ? b : java.util.Arrays.copyOf(b, got));
                } catch (SysCallException e) {
                    // unreadable: left out
                }
            }
        }
    }

    private BundleManifest write(Recorder.Request request, MachineSupport.Verdict v, CpuInfo cpu,
            int pid) throws IOException {
        try (BundleWriter w = BundleWriter.create(request.out())) {
            w.method(v.method().cliName()).cpu(new BundleManifest.Cpu(cpu.vendor(), cpu.family(),
                    cpu.model(), cpu.stepping())).process(request.pid() != 0 ? null
                    : request.command(), pid);
            List<byte[]> sidebands = new ArrayList<>();
            for (ThreadCollector.Result r : done) {
                try (InputStream in = Files.newInputStream(r.stream())) {
                    w.addThread(r.tid(), r.kind(), in, r.gaps(), List.of(), -1, -1);
                }
                if (r.sideband().length > 0) {
                    sidebands.add(r.sideband());
                }
                w.perf(r.summary());
            }
            if (!sidebands.isEmpty()) {
                byte[] merged = SidebandMerger.merge(sidebands);
                w.sideband(new ByteArrayInputStream(merged),
                        dev.hindsight.collect.pt.PtAttr.SIDEBAND_SAMPLE_TYPE);
                addSidebandMappings(merged);
            }
            if (timing != null) {
                w.timing(timing);
            }
            for (Map.Entry<String, ProcMaps.Mapping> e : mappings.entrySet()) {
                ProcMaps.Mapping m = e.getValue();
                byte[] copy = copies.get(e.getKey());
                if (copy != null) {
                    w.addMemoryImage(m.start(), m.path(), copy, 0);
                } else if (m.fileBacked() && Files.isRegularFile(Path.of(m.path()))) {
                    w.addFileImage(m.start(), m.end(), Path.of(m.path()), m.offset(), 0);
                }
            }
            return w.commit();
        }
    }

    /** Adds the executable MMAP2 mappings of the sideband that the maps snapshots missed. */
    private void addSidebandMappings(byte[] sideband) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(sideband)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos + 8 <= b.limit()) {
            int type = b.getInt(pos);
            int size = Short.toUnsignedInt(b.getShort(pos + 6));
            if (size < 8) {
                return;
            }
            if (type == 10 && size > 8 + 64) {
                long addr = b.getLong(pos + 16);
                long len = b.getLong(pos + 24);
                long pgoff = b.getLong(pos + 32);
                int prot = b.getInt(pos + 64);
                int end = pos + 72;
                while (end < pos + size && b.get(end) != 0) {
                    end++;
                }
                String path = new String(sideband, pos + 72, end - pos - 72,
                        java.nio.charset.StandardCharsets.UTF_8);
                if ((prot & 4) != 0 && path.startsWith("/")) {
                    String key = Long.toHexString(addr) + "-" + Long.toHexString(addr + len) + " "
                            + path;
                    mappings.putIfAbsent(key, new ProcMaps.Mapping(addr, addr + len, "r-xp",
                            pgoff, 1, path));
                }
            }
            pos += size;
        }
    }
}
