package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.pt.image.ElfLoader;
import dev.hindsight.pt.image.ImageLoadException;
import dev.hindsight.pt.image.SectionCache;
import dev.hindsight.pt.sideband.PerfEventFile;
import dev.hindsight.pt.sideband.PeventConfig;
import dev.hindsight.pt.sideband.SidebandDiagnostics;
import dev.hindsight.pt.sideband.SidebandLoadException;
import dev.hindsight.pt.sideband.SidebandPrint;
import dev.hindsight.pt.sideband.SidebandSession;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The perf_event sideband options that ptdump and ptxed share ({@code --sb:*},
 * {@code --pevent:*}), as a picocli mixin.
 *
 * <p>Order matters as in libipt: a {@code --pevent:primary/secondary <file>} takes the
 * {@code --pevent:*} settings given before it. The options are methods, which picocli calls in
 * command-line order; a setting may be given again for the next file.
 */
public class SidebandOptions {
    /** A sideband file as given, with the settings in force at that point. */
    private record Pending(String arg, PeventConfig config, boolean primary) {
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int flags;
    private boolean warnings;
    private PeventConfig pevent = PeventConfig.DEFAULT;
    private final List<Pending> files = new ArrayList<>();
    private final List<String> kcores = new ArrayList<>();

    @Option(names = {"--sb:compact", "--sb"}, description = "Show sideband records in compact format.")
    void compact(boolean on) {
        flags = (flags & ~SidebandPrint.VERBOSE) | SidebandPrint.COMPACT;
    }

    @Option(names = "--sb:verbose", description = "Show sideband records in verbose format.")
    void verbose(boolean on) {
        flags = (flags & ~SidebandPrint.COMPACT) | SidebandPrint.VERBOSE;
    }

    @Option(names = "--sb:filename", description = "Show the file name on sideband records.")
    void fileName(boolean on) {
        flags |= SidebandPrint.FILENAME;
    }

    @Option(names = "--sb:offset", description = "Show the file offset on sideband records.")
    void offset(boolean on) {
        flags |= SidebandPrint.FILE_OFFSET;
    }

    @Option(names = "--sb:time", description = "Show the time on sideband records.")
    void time(boolean on) {
        flags |= SidebandPrint.TSC;
    }

    @Option(names = "--sb:warn", description = "Show sideband warnings.")
    void warn(boolean on) {
        warnings = true;
    }

    @Option(names = {"--pevent:primary", "--pevent"}, paramLabel = "<file>[:<from>[-<to>]]",
            description = "Load a primary perf_event sideband stream (it switches contexts).")
    void primary(String file) {
        files.add(new Pending(file, pevent, true));
    }

    @Option(names = "--pevent:secondary", paramLabel = "<file>[:<from>[-<to>]]",
            description = "Load a secondary perf_event sideband stream.")
    void secondary(String file) {
        files.add(new Pending(file, pevent, false));
    }

    @Option(names = "--pevent:sample-type", paramLabel = "<val>",
            description = "perf_event_attr.sample_type of the following streams (default: 0).")
    void sampleType(String value) {
        pevent = pevent.withPerf(pevent.perf().withSampleType(
                number("--pevent:sample-type", value, -1L)));
    }

    @Option(names = "--pevent:time-zero", paramLabel = "<val>",
            description = "perf_event_mmap_page.time_zero (default: 0).")
    void timeZero(String value) {
        pevent = pevent.withPerf(pevent.perf().withTimeZero(
                number("--pevent:time-zero", value, -1L)));
    }

    @Option(names = "--pevent:time-shift", paramLabel = "<val>",
            description = "perf_event_mmap_page.time_shift (default: 0).")
    void timeShift(String value) {
        pevent = pevent.withPerf(pevent.perf().withTimeShift(
                (int) number("--pevent:time-shift", value, 0xffff)));
    }

    @Option(names = "--pevent:time-mult", paramLabel = "<val>",
            description = "perf_event_mmap_page.time_mult (default: 1).")
    void timeMult(String value) {
        pevent = pevent.withPerf(pevent.perf().withTimeMult(
                number("--pevent:time-mult", value, 0xffff_ffffL)));
    }

    @Option(names = "--pevent:tsc-offset", paramLabel = "<val>",
            description = "Apply perf events <val> ticks earlier.")
    void tscOffset(String value) {
        pevent = pevent.withTscOffset(number("--pevent:tsc-offset", value, -1L));
    }

    @Option(names = "--pevent:kernel-start", paramLabel = "<val>",
            description = "The start address of the kernel.")
    void kernelStart(String value) {
        pevent = pevent.withKernelStart(number("--pevent:kernel-start", value, -1L));
    }

    @Option(names = "--pevent:sysroot", paramLabel = "<path>",
            description = "Prepend <path> to sideband file names.")
    void sysroot(String value) {
        pevent = pevent.withSysroot(value);
    }

    @Option(names = "--pevent:vdso-x64", paramLabel = "<file>", description = "The 64-bit vdso.")
    void vdsoX64(String value) {
        pevent = pevent.withVdso(value, pevent.vdsoX32(), pevent.vdsoIa32());
    }

    @Option(names = "--pevent:vdso-x32", paramLabel = "<file>", description = "The x32 vdso.")
    void vdsoX32(String value) {
        pevent = pevent.withVdso(pevent.vdsoX64(), value, pevent.vdsoIa32());
    }

    @Option(names = "--pevent:vdso-ia32", paramLabel = "<file>", description = "The 32-bit vdso.")
    void vdsoIa32(String value) {
        pevent = pevent.withVdso(pevent.vdsoX64(), pevent.vdsoX32(), value);
    }

    @Option(names = "--pevent:kcore", paramLabel = "<file>[:<base>]",
            description = "Load the kernel from a core dump (ELF) into every process image.")
    void kcore(String value) {
        kcores.add(value);
    }

    /** Whether any sideband file was given. */
    public boolean active() {
        return !files.isEmpty();
    }

    /** The {@link SidebandPrint} bits selected; 0 prints no records. */
    public int printFlags() {
        return flags;
    }

    /** Whether {@code --sb:warn} was given. */
    public boolean warnings() {
        return warnings;
    }

    /** Forgets the print flags ({@code --quiet}). */
    public void quiet() {
        flags = 0;
    }

    /**
     * Opens a session with every sideband file loaded and started.
     *
     * @param root        resolves file names against the working directory
     * @param cache       the section cache for process images (and {@code --pevent:kcore}), or
     *                    null when nothing will be decoded (ptdump, which ignores kcore)
     * @param diagnostics where warnings and errors go
     * @return the session
     * @throws UserError {@code error loading <file>: <reason>} for a file that cannot be read
     */
    public SidebandSession open(Hindsight root, SectionCache cache,
            SidebandDiagnostics diagnostics) {
        SidebandSession session = new SidebandSession(root.resolve(""), cache);
        session.diagnostics(diagnostics);
        if (cache != null) {
            for (String kcore : kcores) {
                try {
                    ElfLoader.load(kcore, root.resolve(""), cache, session.kernel().image());
                } catch (ImageLoadException | IllegalArgumentException e) {
                    throw new UserError("--pevent:kcore: " + e.getMessage());
                }
            }
        }
        for (Pending file : files) {
            TraceArgument arg;
            try {
                arg = TraceArgument.parse(file.arg());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            long end = arg.size() == 0 ? 0 : arg.offset() + arg.size();
            try {
                session.addPevent(PerfEventFile.map(arg.file(), root.resolve(arg.file()),
                        arg.offset(), end), file.config(), file.primary());
            } catch (SidebandLoadException e) {
                throw new UserError(e.getMessage());
            }
        }
        session.initDecoders();
        return session;
    }

    private long number(String option, String text, long max) {
        try {
            return CNumbers.parse(text, max);
        } catch (NumberFormatException e) {
            throw new ParameterException(mixee.commandLine(), option + ": " + e.getMessage());
        }
    }
}
