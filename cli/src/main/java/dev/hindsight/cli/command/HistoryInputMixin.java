package dev.hindsight.cli.command;

import dev.hindsight.bts.BtsFormat;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.collect.bundle.ExtractedThread;
import dev.hindsight.collect.bundle.TraceBundle;
import dev.hindsight.history.TraceInput;
import dev.hindsight.pt.image.ImageLoadException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The trace inputs of the history commands, ptxed-style: {@code --pt FILE} or {@code --bts FILE}
 * with {@code --raw}, {@code --elf}, {@code --page-dump}, {@code --cpu} and the current pc.
 */
public final class HistoryInputMixin {
    @Option(names = "--pt", paramLabel = "FILE", description = "An Intel PT trace.")
    Path pt;

    @Option(names = "--bts", paramLabel = "FILE", description = "A file of BTS records.")
    Path bts;

    @Option(names = "--bundle", paramLabel = "FILE", description = "A trace bundle (.hsb): a thread's trace with its images, cpu and pc.")
    Path bundle;

    @Option(names = "--tid", paramLabel = "TID", description = "With --bundle: the thread (default: the bundle's first).")
    Integer tid;

    /** The open bundle whose extracted files the history reads; closed by {@link #close()}. */
    private TraceBundle openBundle;

    @Option(names = "--bts-format", paramLabel = "ds|perf", defaultValue = "perf",
            description = "The BTS record layout: ds (24-byte from/to/flags) or perf (perf_event samples, gdb's); default ${DEFAULT-VALUE}.")
    String btsFormat;

    @Option(names = "--raw", paramLabel = "FILE[:BEGIN[-END]]:VADDR", description = "Load a raw binary (repeatable).")
    List<String> raws = new ArrayList<>();

    @Option(names = "--elf", paramLabel = "FILE[:BASE]", description = "Load an ELF file's segments and function symbols (repeatable).")
    List<String> elfs = new ArrayList<>();

    @Option(names = "--page-dump", paramLabel = "DIR", description = "Load a page dump (image.addr + image.dump), as the libxdc traces ship.")
    List<Path> pageDumps = new ArrayList<>();

    @Option(names = "--cpu", paramLabel = "none|f/m[/s]", description = "The cpu the PT trace was recorded on (errata).")
    String cpu;

    @Option(names = "--pc", paramLabel = "ADDR", description = "The live pc: the current instruction (BTS: the newest block's end).")
    String pc;

    @Option(names = "--kernel-start", paramLabel = "ADDR", description = "BTS: records from at or above are the kernel's (default: bit 63).")
    String kernelStart;

    @Option(names = "--decoder", paramLabel = "flow|libipt", defaultValue = "flow",
            description = "The PT decoder: Hindsight's flow decoder or Debian's libipt 2.0.5 through JNA (default ${DEFAULT-VALUE}).")
    String decoder;

    @Option(names = "--json", description = "Print JSON instead of gdb's text.")
    boolean json;

    @Option(names = "--thread", paramLabel = "ID",
            description = "The thread id info record prints (default: the thread's place in a bundle, else 1).")
    String thread;

    @Option(names = "--target-id", paramLabel = "TEXT",
            description = "The thread's target id info record prints (default: from a bundle "
                    + "'process PID' or 'LWP TID' as gdb names them, else 'process 1').")
    String targetId;

    /** The thread's place in the bundle (gdb's thread number) and its target id, once opened. */
    private String bundleThread;
    private String bundleTargetId;

    @Option(names = "--insn-history-size", paramLabel = "N", defaultValue = "10",
            description = "set record instruction-history-size (0: unlimited; default ${DEFAULT-VALUE}).")
    long insnHistorySize;

    @Option(names = "--call-history-size", paramLabel = "N", defaultValue = "10",
            description = "set record function-call-history-size (0: unlimited; default ${DEFAULT-VALUE}).")
    long callHistorySize;

    @Option(names = "--goto", paramLabel = "N|begin|end", description = "record goto this position before the command.")
    String gotoPosition;

    /** The input the last {@link #open} opened, or {@code null}. */
    private TraceInput lastInput;

    /**
     * The same settings (output form, history sizes, decoder, thread names) over another bundle:
     * a live session's history after each stop.
     */
    HistoryInputMixin forBundle(Path file, Integer thread) {
        HistoryInputMixin m = new HistoryInputMixin();
        m.bundle = file;
        m.tid = thread;
        m.btsFormat = btsFormat;
        m.decoder = decoder;
        m.json = json;
        m.thread = this.thread;
        m.targetId = targetId;
        m.insnHistorySize = insnHistorySize;
        m.callHistorySize = callHistorySize;
        return m;
    }

    /** The loaded objects of the input opened last (empty before). */
    dev.hindsight.history.ObjectFiles objectFiles() {
        if (lastInput == null) {
            return dev.hindsight.history.ObjectFiles.empty();
        }
        try {
            return lastInput.objectFiles();
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Builds the input description. */
    TraceInput input(Hindsight root) {
        if (bundle != null) {
            if (pt != null || bts != null) {
                throw new UserError("give either --bundle FILE or one of --pt FILE and --bts FILE", 2);
            }
            return bundleInput(root);
        }
        if ((pt == null) == (bts == null)) {
            throw new UserError("give exactly one of --pt FILE and --bts FILE (or --bundle FILE)", 2);
        }
        TraceInput in = new TraceInput().directory(root.resolve(""));
        if (pt != null) {
            if (!decoder.equals("flow") && !decoder.equals("libipt")) {
                throw new UserError("--decoder must be flow or libipt, not '" + decoder + "'", 2);
            }
            in.pt(pt).libipt(decoder.equals("libipt"));
        } else {
            BtsFormat f = switch (btsFormat) {
                case "ds" -> BtsFormat.DS;
                case "perf" -> BtsFormat.PERF;
                default -> throw new UserError("--bts-format must be ds or perf, not '" + btsFormat + "'", 2);
            };
            in.bts(bts, f);
        }
        raws.forEach(in::raw);
        elfs.forEach(in::elf);
        pageDumps.forEach(in::pageDump);
        if (cpu != null) {
            in.cpu(cpu);
        }
        if (pc != null) {
            in.currentPc(address(pc, "--pc"));
        }
        if (kernelStart != null) {
            in.kernelStart(address(kernelStart, "--kernel-start"));
        }
        return in;
    }

    /**
     * A fresh browser over an opened trace, with this command line's settings (thread naming,
     * history sizes) and the trace's size as gdb's buffer size.
     */
    dev.hindsight.history.HistoryBrowser browser(TraceInput.Opened opened,
            dev.hindsight.history.InsnTextFormatter formatter) {
        dev.hindsight.history.HistoryBrowser browser = new dev.hindsight.history.HistoryBrowser(
                opened.history(), opened.image(), opened.symbols(), formatter, opened.lines());
        browser.setBufferSize(opened.traceSize());
        browser.setFunctions(opened.functions());
        if (opened.input() != null && opened.input().isPt()) {
            browser.setRedecoder(redecoder(opened));
        }
        browser.setThread(threadLabel(), targetLabel());
        browser.setInstructionHistorySize(insnHistorySize);
        browser.setFunctionCallHistorySize(callHistorySize);
        return browser;
    }

    /**
     * {@code set record btrace cpu}: decodes the PT trace again when the cpu it stands for differs
     * from the one the current history was decoded for ({@code auto}: the input's own cpu).
     */
    private static dev.hindsight.history.HistoryBrowser.Redecoder redecoder(TraceInput.Opened opened) {
        TraceInput in = opened.input();
        java.util.function.Function<String, dev.hindsight.errata.CpuId> effective = c -> {
            String arg = c != null ? c : in.cpu();
            return arg == null ? dev.hindsight.errata.CpuId.NONE : dev.hindsight.errata.CpuId.parse(arg);
        };
        dev.hindsight.errata.CpuId[] decodedFor = {effective.apply(null)};
        return cpu -> {
            dev.hindsight.errata.CpuId want = effective.apply(cpu);
            if (want.equals(decodedFor[0])) {
                return null;
            }
            try {
                dev.hindsight.history.ThreadHistory h = opened.redecode(cpu);
                decodedFor[0] = want;
                return h;
            } catch (IOException e) {
                throw new dev.hindsight.history.HistoryError(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new dev.hindsight.history.HistoryError(e.getMessage());
            }
        };
    }

    /** The thread id {@code info record} prints: {@code --thread}, else from the bundle, else 1. */
    String threadLabel() {
        return thread != null ? thread : bundleThread != null ? bundleThread : "1";
    }

    /** The target id {@code info record} prints: {@code --target-id}, else from the bundle. */
    String targetLabel() {
        return targetId != null ? targetId : bundleTargetId != null ? bundleTargetId : "process 1";
    }

    /** A bundle's thread as the same inputs (its files extracted to the bundle's temporary directory). */
    private TraceInput bundleInput(Hindsight root) {
        ExtractedThread x;
        try {
            openBundle = TraceBundle.open(root.resolve(bundle.toString()));
            List<Integer> ids = openBundle.threadIds();
            if (ids.isEmpty()) {
                throw new UserError(bundle + ": the bundle holds no thread");
            }
            int t = tid == null ? ids.get(0) : tid;
            if (!ids.contains(t)) {
                throw new UserError(bundle + ": no thread " + t + " (threads: " + ids + ")");
            }
            x = openBundle.extractThread(t);
            // gdb numbers threads from 1 in creation order and names a lone thread by its
            // process, the threads of a multi-threaded one by their LWP.
            bundleThread = Integer.toString(ids.indexOf(t) + 1);
            int pid = openBundle.manifest().pid();
            bundleTargetId = ids.size() == 1 ? "process " + (pid > 0 ? pid : t) : "LWP " + t;
        } catch (NoSuchFileException e) {
            close();
            throw new UserError(e.getFile() + ": no such file");
        } catch (IOException | RuntimeException e) {
            close();
            if (e instanceof UserError u) {
                throw u;
            }
            // The bundle reader's messages already start with the file's name.
            String m = String.valueOf(e.getMessage());
            throw new UserError(m.startsWith(bundle.toString()) ? m : bundle + ": " + m);
        }
        TraceInput in = new TraceInput().directory(root.resolve(""));
        if (x.isPt()) {
            in.pt(x.trace()).libipt(decoder.equals("libipt"));
        } else {
            in.bts(x.trace(), BtsFormat.DS);
        }
        x.elfArgs().forEach(in::elf);
        x.rawArgs().forEach(in::raw);
        raws.forEach(in::raw);
        elfs.forEach(in::elf);
        pageDumps.forEach(in::pageDump);
        String c = cpu != null ? cpu : x.cpu();
        if (c != null) {
            in.cpu(c);
        }
        if (pc != null) {
            in.currentPc(address(pc, "--pc"));
        } else if (x.currentPc() != -1) {
            in.currentPc(x.currentPc());
        }
        if (kernelStart != null) {
            in.kernelStart(address(kernelStart, "--kernel-start"));
        }
        return in;
    }

    /** Closes the bundle opened for {@code --bundle}, if any (its extracted files go with it). */
    void close() {
        if (openBundle != null) {
            try {
                openBundle.close();
            } catch (IOException e) {
                // Only temporary files are left behind.
            }
            openBundle = null;
        }
    }

    /** Opens and decodes the trace, turning input problems into one-line errors. */
    TraceInput.Opened open(Hindsight root) {
        try {
            lastInput = input(root);
            return lastInput.open();
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + ": no such file");
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        } catch (ImageLoadException e) {
            throw new UserError(e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static long address(String text, String option) {
        try {
            return text.startsWith("0x") || text.startsWith("0X") ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new UserError(option + ": bad address '" + text + "'", 2);
        }
    }
}
