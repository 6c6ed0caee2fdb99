package dev.hindsight.pt.sideband;

import dev.hindsight.pt.PtError;
import dev.hindsight.pt.image.Asid;
import dev.hindsight.pt.image.ImageLoadException;
import dev.hindsight.pt.image.SectionCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A sideband session for one trace (libipt's {@code struct pt_sb_session}): the sideband files,
 * merged in time order, and the process contexts they describe.
 *
 * <p>Use: {@link #addPevent} each file, {@link #initDecoders()}, then either
 * {@link #dump} records up to each TSC (ptdump) or pass every trace event to {@link #event}
 * (ptxed), which prints the records that are due, applies them, and tells when the trace's
 * process context changes. Records of equal time keep file order; among files, the file whose
 * record is earliest goes first.
 *
 * <p>Primary files switch the trace's context (ITRACE_START, COMM.EXEC, SWITCH,
 * SWITCH_CPU_WIDE); secondary files only maintain contexts (MMAP, FORK, COMM.EXEC). Warnings
 * and errors go to the {@link SidebandDiagnostics}; a decoder stops at the end of its file or at
 * an unreadable record. Not thread-safe: one session serves one decoder.
 */
public final class SidebandSession {

    /** Where a primary decoder puts the context it switched to during one {@link #event} call. */
    static final class Switch {
        ProcessContext target;
    }

    private final Path baseDirectory;
    private final SectionCache cache;
    private final ProcessContext kernel = new ProcessContext(-1, "kernel");
    private final List<ProcessContext> contexts = new ArrayList<>();
    private final List<PeventDecoder> waiting = new ArrayList<>();
    private final List<PeventDecoder> decoders = new ArrayList<>();
    private final List<PeventDecoder> retired = new ArrayList<>();
    private final Switch switches = new Switch();
    private SidebandDiagnostics diagnostics = SidebandDiagnostics.IGNORE;
    private Consumer<ProcessContext> switchListener = context -> { };
    private ProcessContext current;

    /**
     * A session without a section cache.
     *
     * @param baseDirectory where relative file names in sideband records are looked up (libipt
     *     uses the working directory; the conformance tests use the test's folder)
     */
    public SidebandSession(Path baseDirectory) {
        this(baseDirectory, null);
    }

    /**
     * A session that shares file sections through a cache (libipt's {@code pt_sb_alloc}); use
     * the cache the trace's other images use, so the same file range is mapped once.
     *
     * @param baseDirectory where relative file names in sideband records are looked up
     * @param cache         the section cache, or null to map each range on its own
     */
    public SidebandSession(Path baseDirectory, SectionCache cache) {
        this.baseDirectory = Objects.requireNonNull(baseDirectory);
        this.cache = cache;
    }

    /** Sets who receives warnings and errors (default: nobody). */
    public void diagnostics(SidebandDiagnostics value) {
        diagnostics = Objects.requireNonNull(value);
    }

    /**
     * Sets who hears of context switches, as they happen and before {@link #event} returns
     * (ptxed's {@code --sb:switch} prints {@code [context: <name>]}).
     */
    public void onSwitch(Consumer<ProcessContext> listener) {
        switchListener = Objects.requireNonNull(listener);
    }

    /**
     * Adds a perf_event sideband file. Decoders added before {@link #initDecoders()} start then.
     *
     * @param file    the records
     * @param config  how to read and apply them
     * @param primary whether this file's records switch the trace's context
     */
    public void addPevent(PerfEventFile file, PeventConfig config, boolean primary) {
        waiting.add(new PeventDecoder(this, file, config, primary));
    }

    /**
     * Fetches the first record of each decoder added since the last call; a decoder whose first
     * record cannot be read (or that is empty) is dropped, after a diagnostic for a bad record.
     */
    public void initDecoders() {
        // libipt keeps added decoders on a stack: the last added starts first.
        for (int i = waiting.size() - 1; i >= 0; --i) {
            PeventDecoder decoder = waiting.get(i);
            if (decoder.fetch() >= 0) {
                insert(decoder);
            }
        }
        waiting.clear();
    }

    /** Whether any decoder still has records. */
    public boolean hasRecords() {
        return !decoders.isEmpty();
    }

    /**
     * The TSC of the next record due, unsigned, or -1 (all ones) if there is none. Lets a caller
     * skip {@link #dump} and {@link #event} calls that cannot print anything.
     */
    public long nextTsc() {
        return decoders.isEmpty() ? -1L : decoders.get(0).tsc();
    }

    /**
     * Prints every record at or before {@code tsc}, in time order, without applying it (ptdump;
     * libipt's {@code pt_sb_dump}). A decoder at the end of its file is dropped.
     *
     * @param out   where to print
     * @param flags {@link SidebandPrint} bits
     * @param tsc   the trace's time, unsigned; -1 prints everything left
     */
    public void dump(Appendable out, int flags, long tsc) {
        while (!decoders.isEmpty()) {
            PeventDecoder decoder = decoders.get(0);
            if (Long.compareUnsigned(tsc, decoder.tsc()) < 0) {
                break;
            }
            decoders.remove(0);
            print(decoder, out, flags);
            if (decoder.fetch() >= 0) {
                insert(decoder);
            }
        }
    }

    /**
     * Presents one trace event (libipt's {@code pt_sb_event}): prints and applies each record at
     * or before the event's time, in time order, then lets every decoder use the event to place
     * postponed context switches.
     *
     * @param event the trace event
     * @param out   where to print records, or null to print nothing
     * @param flags {@link SidebandPrint} bits
     * @return the context a primary decoder switched to during this call, or null if the trace
     *     stays where it is; from then on, decode with that context's mappings
     */
    public ProcessContext event(SidebandEvent event, Appendable out, int flags) {
        switches.target = null;
        while (!decoders.isEmpty()) {
            PeventDecoder decoder = decoders.get(0);
            if (Long.compareUnsigned(event.tsc(), decoder.tsc()) < 0) {
                break;
            }
            decoders.remove(0);
            if (out != null) {
                print(decoder, out, flags);
            }
            if (decoder.apply(event, slot(decoder)) < 0) {
                continue;
            }
            int status = decoder.fetch();
            if (status < 0) {
                if (status == -PtError.EOS.code()) {
                    retired.add(0, decoder);
                }
                continue;
            }
            insert(decoder);
        }
        present(decoders, event);
        present(retired, event);
        return switches.target;
    }

    /**
     * The context the trace was last switched to, or null before the first switch (the decoder
     * then uses the image it was given, e.g. from {@code --raw}).
     */
    public ProcessContext current() {
        return current;
    }

    /** The kernel's mappings, copied into every new process context. */
    public ProcessContext kernel() {
        return kernel;
    }

    /** The context of a process, or null if the sideband has not mentioned it. */
    public ProcessContext findContext(int pid) {
        for (ProcessContext context : contexts) {
            if (context.pid() == pid) {
                return context;
            }
        }
        return null;
    }

    /** The context of a process, made (with the kernel's mappings) if it is new. */
    public ProcessContext context(int pid) {
        ProcessContext found = findContext(pid);
        if (found != null) {
            return found;
        }
        ProcessContext fresh = new ProcessContext(pid, "pid-" + Integer.toHexString(pid));
        fresh.addAll(kernel);
        // Newest first, as libipt's list: a replaced pid is found again at once.
        contexts.add(0, fresh);
        return fresh;
    }

    /** Forgets the context of a process; whoever decodes with it may go on doing so. */
    public void removeContext(int pid) {
        ProcessContext found = findContext(pid);
        if (found != null) {
            contexts.remove(found);
        }
    }

    /**
     * Maps a file range into a context, as {@code pt_sb_ctx_mmap} does: the range is cut at the
     * end of the file.
     *
     * @param context  the process
     * @param fileName the file, relative to the base directory unless absolute
     * @param offset   the first byte
     * @param size     how many bytes
     * @param vaddr    where the first byte appears
     * @return 0, {@code -BAD_FILE} if the file cannot be read, or {@code -INVALID} if
     *     {@code offset} is at or past its end
     */
    public int mmap(ProcessContext context, String fileName, long offset, long size,
            long vaddr) {
        Path path = resolve(fileName);
        long fileSize;
        try {
            if (path == null || !Files.isRegularFile(path)) {
                return -PtError.BAD_FILE.code();
            }
            fileSize = Files.size(path);
        } catch (IOException | RuntimeException e) {
            return -PtError.BAD_FILE.code();
        }
        if (Long.compareUnsigned(fileSize, offset) <= 0) {
            return -PtError.INVALID.code();
        }
        long available = fileSize - offset;
        long cut = Long.compareUnsigned(available, size) < 0 ? available : size;
        try {
            if (cache != null) {
                int isid = cache.addFile(path, offset, cut, vaddr);
                context.image().addCached(cache, isid, Asid.ANY);
            } else {
                context.image().addFile(path, offset, cut, Asid.ANY, vaddr);
            }
        } catch (ImageLoadException | RuntimeException e) {
            return -PtError.BAD_FILE.code();
        }
        context.add(new MappedFile(fileName, path, offset, cut, vaddr));
        return 0;
    }

    /** The file a record names, or null if the name is not a valid path here. */
    Path resolve(String fileName) {
        try {
            return baseDirectory.resolve(fileName);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    void report(int code, String fileName, long offset) {
        diagnostics.report(code, fileName, offset);
    }

    void switchTo(Switch slot, ProcessContext target) {
        switchListener.accept(target);
        slot.target = target;
        current = target;
    }

    private Switch slot(PeventDecoder decoder) {
        return decoder.primary() ? switches : null;
    }

    private void present(List<PeventDecoder> list, SidebandEvent event) {
        for (int i = 0; i < list.size();) {
            if (list.get(i).apply(event, slot(list.get(i))) < 0) {
                list.remove(i);
            } else {
                ++i;
            }
        }
    }

    // Keeps decoders ordered by their record's TSC; a decoder goes before others of equal TSC.
    private void insert(PeventDecoder decoder) {
        int at = 0;
        while (at < decoders.size()
                && Long.compareUnsigned(decoder.tsc(), decoders.get(at).tsc()) > 0) {
            ++at;
        }
        decoders.add(at, decoder);
    }

    private static void print(PeventDecoder decoder, Appendable out, int flags) {
        try {
            decoder.print(out, flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
