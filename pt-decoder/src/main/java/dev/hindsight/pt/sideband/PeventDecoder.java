package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sideband decoder for one perf_event file (libipt's {@code pt_sb_pevent.c}): fetches
 * records one at a time, prints them, and applies them to the session's process contexts. A
 * primary decoder also switches the trace's context; a context switch waits until the trace is
 * (likely) in the kernel, where it really happens.
 */
final class PeventDecoder {
    /** Where the trace is, as far as events tell (libipt's {@code enum pt_sb_pevent_loc}). */
    enum Location { UNKNOWN, LIKELY_KERNEL, KERNEL, LIKELY_USER, USER }

    private static final int NONE = -1;

    private final SidebandSession session;
    private final PerfEventFile file;
    private final PeventConfig config;
    private final boolean primary;
    private final PerfEvent event = new PerfEvent();
    private final StringBuilder text = new StringBuilder(128);

    private int current = NONE;
    private int next;
    private long tsc;
    private ProcessContext context;
    private ProcessContext nextContext;
    private Location location = Location.UNKNOWN;

    PeventDecoder(SidebandSession session, PerfEventFile file, PeventConfig config,
            boolean primary) {
        this.session = session;
        this.file = file;
        this.config = config;
        this.primary = primary;
    }

    boolean primary() {
        return primary;
    }

    /** The TSC of the current record (0 for records without time). */
    long tsc() {
        return tsc;
    }

    /** Reads the next record; reports errors other than the end. Mirrors pt_sb_pevent_fetch. */
    int fetch() {
        int pos = next;
        // Take the record now, so errors name its offset.
        current = pos;
        int size = PerfEventReader.read(file.buffer(), pos, file.size(), config.perf(), event);
        if (size < 0) {
            if (size != -PtError.EOS.code()) {
                report(size);
            }
            return size;
        }
        next = pos + size;
        if (!event.hasSampleTime()) {
            tsc = 0;
            return 0;
        }
        tsc = applyOffset(event.tsc(), config.tscOffset());
        event.tsc(tsc);
        return 0;
    }

    // Moves a record earlier by offset without wrapping below 0; a "negative" offset moves it
    // later without wrapping past the top.
    static long applyOffset(long tsc, long offset) {
        if (Long.compareUnsigned(offset, tsc) <= 0) {
            return tsc - offset;
        }
        if (offset >= 0) {
            return 0;
        }
        return Long.compareUnsigned(tsc, offset) <= 0 ? tsc - offset : -1L;
    }

    /** Appends the current record to {@code out} as {@code flags} say. */
    void print(Appendable out, int flags) throws IOException {
        text.setLength(0);
        PerfEventPrinter.print(event, flags, file.name(), current, text);
        out.append(text);
    }

    /**
     * Applies the current record if it is due at the event's time; otherwise tracks the trace's
     * location and performs a postponed context switch where it may happen. Mirrors
     * pt_sb_pevent_apply.
     *
     * @param event  the trace event
     * @param switches where a primary decoder switches the context; null for a secondary one
     * @return 0, or {@code -EOS} once this decoder has nothing left to do
     */
    int apply(SidebandEvent trace, SidebandSession.Switch switches) {
        if (current != next && (!event.hasSampleTime()
                || Long.compareUnsigned(event.tsc(), trace.tsc()) <= 0)) {
            return checked(applyRecord(switches));
        }
        Location old = location;
        location = locate(trace, location, config.kernelStart());
        if (nextContext == null) {
            return current == next ? -PtError.EOS.code() : 0;
        }
        // A switch happens in the kernel; an unknown location also lets the first event after a
        // gap in tracing take it.
        if (inKernelOrUnknown(old) || inKernelOrUnknown(location)) {
            switchContexts(switches);
        }
        return 0;
    }

    private int checked(int status) {
        if (status < 0 && status != -PtError.EOS.code()) {
            report(status);
            return 0;
        }
        return status;
    }

    private static boolean inKernelOrUnknown(Location loc) {
        return loc == Location.KERNEL || loc == Location.LIKELY_KERNEL
                || loc == Location.UNKNOWN;
    }

    private int applyRecord(SidebandSession.Switch switches) {
        int misc = event.misc();
        switch (event.type()) {
            case PerfRecordType.ITRACE_START:
                // Secondary channels do not start the trace.
                return switches == null ? 0 : itraceStart(switches, event.pid());
            case PerfRecordType.FORK:
                return fork(event.pid(), event.ppid(), event.tid());
            case PerfRecordType.COMM:
                return (misc & PerfRecordType.MISC_COMM_EXEC) == 0 ? 0
                        : exec(switches, event.pid());
            case PerfRecordType.SWITCH:
                if (switches == null || (misc & PerfRecordType.MISC_SWITCH_OUT) != 0) {
                    return 0;
                }
                if (!event.hasSamplePid()) {
                    return -PtError.BAD_CONFIG.code();
                }
                prepareSwitch(session.context(event.samplePid()));
                return 0;
            case PerfRecordType.SWITCH_CPU_WIDE:
                if (switches == null) {
                    return 0;
                }
                if ((misc & PerfRecordType.MISC_SWITCH_OUT) == 0) {
                    // A switch-in needs the pid sample; the switch-out before it named the pid.
                    if (event.hasSamplePid()) {
                        prepareSwitch(session.context(event.samplePid()));
                    }
                    return 0;
                }
                prepareSwitch(session.context(event.nextPrevPid()));
                return 0;
            case PerfRecordType.MMAP:
            case PerfRecordType.MMAP2:
                // Kernel mappings come from kcore: files on disk differ from the patched kernel.
                if ((misc & PerfRecordType.MISC_CPUMODE_MASK) == PerfRecordType.MISC_KERNEL) {
                    return 0;
                }
                return map(event.pid(), event.string(), event.pgoff(), event.len(), event.addr());
            case PerfRecordType.LOST:
                report(SidebandWarning.LOST.code());
                return 0;
            case PerfRecordType.AUX:
                if (switches != null
                        && (event.auxFlags() & PerfRecordType.AUX_FLAG_TRUNCATED) != 0) {
                    report(SidebandWarning.TRACE_LOST.code());
                }
                return 0;
            default:
                return 0;
        }
    }

    private int itraceStart(SidebandSession.Switch switches, int pid) {
        prepareSwitch(session.context(pid));
        // Tracing just started: no need to wait for a good place to switch.
        if (nextContext != null) {
            switchContexts(switches);
        }
        return 0;
    }

    private int fork(int pid, int ppid, int tid) {
        if (ppid == pid) {
            return 0; // a new thread of a known process
        }
        if (pid != tid) {
            return -PtError.INTERNAL.code();
        }
        // Exit records come while the process still runs in the kernel, so a stale context for
        // a reused pid is dropped here rather than at exit.
        session.removeContext(pid);
        ProcessContext child = session.context(pid);
        ProcessContext parent = session.findContext(ppid);
        if (parent != null) {
            child.addAll(parent);
        }
        return 0;
    }

    private int exec(SidebandSession.Switch switches, int pid) {
        // Replace the context rather than its image: the old image is likely still in use until
        // the trace reaches the exec in the kernel.
        session.removeContext(pid);
        ProcessContext fresh = session.context(pid);
        if (switches != null) {
            prepareSwitch(fresh);
        }
        return 0;
    }

    private void prepareSwitch(ProcessContext target) {
        if (nextContext == target) {
            return;
        }
        // A later switch overrides a pending one (imprecise timing, resync).
        nextContext = null;
        if (context == target) {
            return;
        }
        nextContext = target;
    }

    private void switchContexts(SidebandSession.Switch switches) {
        ProcessContext target = nextContext;
        if (switches != null) {
            session.switchTo(switches, target);
        }
        nextContext = null;
        context = target;
    }

    private int map(int pid, String fileName, long offset, long size, long vaddr) {
        ProcessContext ctx = session.context(pid);
        String name = fileName;
        if (name.startsWith("[")) {
            if (!name.equals("[vdso]")) {
                report(SidebandWarning.SECTION_LOST.code());
                return 0;
            }
            name = vdso(ctx.abi());
            if (name == null) {
                report(-PtError.BAD_CONFIG.code());
                return 0;
            }
        } else if (name.equals("//anon") || name.contains(" (deleted)")) {
            // JIT code or deleted files: nothing to read; decode will likely hit nomap.
            report(SidebandWarning.SECTION_LOST.code());
            return 0;
        } else if (config.sysroot() != null) {
            name = config.sysroot() + name;
        }
        trackAbi(ctx, session.resolve(name));
        return session.mmap(ctx, name, offset, size, vaddr);
    }

    private String vdso(ProcessContext.Abi abi) {
        return switch (abi) {
            case X64 -> config.vdsoX64();
            case X32 -> config.vdsoX32();
            case IA32 -> config.vdsoIa32();
            case UNKNOWN -> null;
        };
    }

    private static void trackAbi(ProcessContext ctx, Path path) {
        if (path == null || ctx.abi() != ProcessContext.Abi.UNKNOWN) {
            return;
        }
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        ctx.abi(elfAbi(header));
    }

    // ELF e_ident: magic, class at 4, version at 6; e_machine at 18 (EM_386 3, EM_X86_64 62).
    static ProcessContext.Abi elfAbi(byte[] header) {
        if (header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F'
                || header[6] != 1) {
            return ProcessContext.Abi.UNKNOWN;
        }
        if (header[4] == 2) {
            return ProcessContext.Abi.X64;
        }
        if (header[4] == 1) {
            int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
            if (machine == 3) {
                return ProcessContext.Abi.IA32;
            }
            if (machine == 62) {
                return ProcessContext.Abi.X32;
            }
        }
        return ProcessContext.Abi.UNKNOWN;
    }

    // Location of the trace after an event, from its IP (libipt's ploc_from_event).
    static Location locate(SidebandEvent e, Location previous, long kernelStart) {
        switch (e.kind()) {
            case ENABLED, ASYNC_BRANCH, TIP:
                return fromIp(e.ip(), kernelStart);
            case DISABLED:
                return e.ipSuppressed() ? fromSuppressed(previous) : fromIp(e.ip(), kernelStart);
            case ASYNC_DISABLED:
                return e.ipSuppressed() ? fromSuppressed(fromIp(e.at(), kernelStart))
                        : fromIp(e.ip(), kernelStart);
            case ASYNC_PAGING:
                return e.ipSuppressed() ? Location.LIKELY_KERNEL : fromIp(e.ip(), kernelStart);
            case PAGING:
                return Location.LIKELY_KERNEL;
            case OVERFLOW, EXEC_MODE, TSX, EXSTOP, MWAIT, PTWRITE, TICK, IFLAGS, INTERRUPT, IRET,
                    SMI, RSM, INIT, VMENTRY, VMEXIT, SHUTDOWN, UINTR, UIRET:
                return e.ipSuppressed() ? Location.UNKNOWN : fromIp(e.ip(), kernelStart);
            default:
                return Location.UNKNOWN;
        }
    }

    private static Location fromIp(long ip, long kernelStart) {
        return Long.compareUnsigned(ip, kernelStart) < 0 ? Location.USER : Location.KERNEL;
    }

    // Tracing stopped without an IP: it most likely went to the other side.
    private static Location fromSuppressed(Location from) {
        return switch (from) {
            case LIKELY_KERNEL, KERNEL -> Location.LIKELY_USER;
            case LIKELY_USER, USER -> Location.LIKELY_KERNEL;
            case UNKNOWN -> Location.UNKNOWN;
        };
    }

    private void report(int code) {
        int at = current == NONE ? next : current;
        session.report(code, file.name(), at);
    }
}
