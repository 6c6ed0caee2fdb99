package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.cli.shell.GdbCommands;
import dev.hindsight.cli.shell.LiveControl;
import dev.hindsight.collect.LaunchException;
import dev.hindsight.collect.LiveRecording;
import dev.hindsight.collect.MachineSupport;
import dev.hindsight.collect.RecordMethod;
import dev.hindsight.collect.RecordingException;
import dev.hindsight.collect.SoftwareBranchRecorder;
import dev.hindsight.collect.sys.Registers;
import dev.hindsight.collect.sys.SysCallException;
import dev.hindsight.history.DwarfLines;
import dev.hindsight.history.ElfSymbols;
import dev.hindsight.history.GdbDisassembly;
import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryError;
import dev.hindsight.history.HistoryOutput;
import dev.hindsight.history.InsnTextFormatter;
import dev.hindsight.history.LiveStep;
import dev.hindsight.history.Locations;
import dev.hindsight.history.ObjectFiles;
import dev.hindsight.history.SourceSymbols;
import dev.hindsight.history.SymbolLookup;
import dev.hindsight.history.TargetMemory;
import dev.hindsight.history.TargetRegisters;
import dev.hindsight.history.TraceInput;
import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hindsight shell --record}: a live session like gdb's {@code record btrace} on a stopped
 * process. The program is launched (or attached to) and recorded with the sw method until a
 * breakpoint, the instruction limit, Ctrl-C or its end; it then stays stopped under ptrace while
 * the shell browses the history recorded so far with the live process attached: memory and
 * registers come from it at the live position (record-btrace's replay rules otherwise),
 * {@code continue} and {@code stepi} there run it on, recorded, and the history grows. Quitting
 * kills a launched program and detaches from an attached one.
 */
final class LiveShell implements LiveControl, AutoCloseable {
    private final Hindsight root;
    private final HistoryInputMixin input;
    private final LiveRecording recording;
    private final HistoryOutput sink;
    private final CapstoneDisassembler capstone;
    private final PrintWriter err;
    private final List<HistoryInputMixin> opened = new ArrayList<>();
    private GdbCommands commands;
    private HistoryBrowser browser;
    private SymbolLookup symbols;
    private DwarfLines lines;
    private boolean announcedExit;

    private LiveShell(Hindsight root, HistoryInputMixin input, LiveRecording recording, HistoryOutput sink,
            CapstoneDisassembler capstone, PrintWriter err) {
        this.root = root;
        this.input = input;
        this.recording = recording;
        this.sink = sink;
        this.capstone = capstone;
        this.err = err;
    }

    /** The options of {@code shell --record}. */
    record Options(RecordMethod method, List<String> command, int pid, boolean noAslr, List<String> breaks,
            long maxInstructions, Path output) {
    }

    /**
     * Starts the program, resolves the breakpoints, records to the first stop and reports it.
     *
     * @throws UserError for a method, program or location that cannot be used
     */
    static LiveShell start(Hindsight root, HistoryInputMixin input, Options o, HistoryOutput sink,
            CapstoneDisassembler capstone, PrintWriter err) throws IOException {
        LiveRecording rec;
        try {
            rec = LiveRecording.start(o.method(), o.command(), o.pid(), o.noAslr(), MachineSupport.probe(), line -> {
                err.println("hindsight: " + line);
                err.flush();
            });
        } catch (RecordingException | LaunchException | SysCallException e) {
            throw new UserError(e.getMessage());
        }
        LiveShell shell = new LiveShell(root, input, rec, sink, capstone, err);
        try {
            rec.breakpoints(shell.resolve(o.breaks()));
            int why = shell.runRecorded(o.maxInstructions());
            shell.open();
            for (String b : o.breaks()) {
                shell.browser.setBreakpoint(b, sink);
            }
            shell.report(why, false, null);
            sink.finish();
            return shell;
        } catch (HistoryError e) {
            shell.close();
            throw new UserError(e.getMessage());
        } catch (IOException | RuntimeException e) {
            shell.close();
            throw e;
        }
    }

    /** Resolves the breakpoint locations in the executable as loaded now (a PIE at its base). */
    private long[] resolve(List<String> locations) throws IOException {
        if (locations.isEmpty()) {
            return new long[0];
        }
        Path exe = recording.executable();
        long base = recording.loadBase(exe);
        List<Path> files = List.of(exe);
        List<Long> bases = List.of(base == -1 ? 0 : base);
        ElfSymbols minimal = ElfSymbols.read(files, bases);
        DwarfLines lines = DwarfLines.read(files, bases, sink::warning);
        SymbolLookup symbols = lines.isEmpty() ? minimal : new SourceSymbols(minimal, lines);
        ObjectFiles objects = ObjectFiles.read(files, bases);
        long[] addresses = new long[locations.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = Locations.resolve(locations.get(i), symbols, lines, objects, liveMemory());
        }
        return addresses;
    }

    private TargetMemory liveMemory() {
        return new TargetMemory() {
            @Override
            public int read(long address, byte[] buffer, int offset, int length) {
                try {
                    return recording.memory().read(address, buffer, offset, length);
                } catch (SysCallException e) {
                    return 0;
                }
            }

            @Override
            public boolean write(long address, byte[] data, int length) {
                return !recording.exited() && recording.memory().write(address, data, 0, length);
            }
        };
    }

    private TargetRegisters liveRegisters(int tid) {
        return name -> {
            long[] r = recording.registers(tid);
            int slot = Arrays.asList(Registers.NAMES).indexOf(name);
            return r == null || slot < 0 ? null : r[slot];
        };
    }

    /** Runs the program, recording, with Ctrl-C (SIGINT to us) stopping it instead of us. */
    private int runRecorded(long maxInstructions) throws IOException {
        return runRecorded(maxInstructions, 0, null);
    }

    /** As above, also stopping where {@code step} says after an instruction of thread {@code tid}. */
    @SuppressWarnings("removal")
    private int runRecorded(long maxInstructions, int tid, LiveStep step) throws IOException {
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(sigint, s -> recording.requestStop());
        try {
            return step == null ? recording.run(maxInstructions) : recording.run(maxInstructions, tid, step::stop);
        } finally {
            sun.misc.Signal.handle(sigint, previous);
        }
    }

    /** Opens the history recorded so far (a fresh snapshot) in a browser carrying the old one's state. */
    private void open() throws IOException {
        Path bundle = recording.workFile("history-" + opened.size() + ".hsb");
        recording.snapshot(bundle);
        HistoryInputMixin m = input.forBundle(bundle, recording.stopTid());
        TraceInput.Opened o = m.open(root);
        opened.add(m);
        InsnTextFormatter formatter = capstone != null ? new GdbDisassembly(capstone, o.symbols())
                : (b, len, ip) -> {
                    throw new HistoryError("the disassembler (Capstone) is not available");
                };
        HistoryBrowser b = m.browser(o, formatter);
        if (browser != null) {
            b.continueFrom(browser);
        }
        boolean alive = !recording.exited();
        b.setTarget(m.objectFiles(), alive ? liveMemory() : null, alive ? liveRegisters(recording.stopTid()) : null);
        browser = b;
        symbols = o.symbols();
        lines = o.lines();
        if (commands != null) {
            commands.setBrowser(b);
        }
        // The previous history's extracted files are no longer read.
        while (opened.size() > 1) {
            opened.remove(0).close();
        }
    }

    /** The browser over the history recorded so far. */
    HistoryBrowser browser() {
        return browser;
    }

    /** Connects the command interpreter whose browser follows the history. */
    void attach(GdbCommands gdb) {
        this.commands = gdb;
        gdb.setLive(this);
    }

    /**
     * Prints why the program stopped, as gdb does.
     *
     * @param sameFunction for a step: whether it stayed in the function it started in
     */
    private void report(int why, boolean step, Boolean sameFunction) {
        switch (why) {
            case SoftwareBranchRecorder.ENDED -> {
                int code = recording.exitCode();
                String process = "process " + recording.pid();
                if (code >= 128) {
                    sink.text("");
                    sink.text("Program terminated with signal " + signalName(code - 128) + ".");
                    sink.text("The program no longer exists.");
                } else if (code == 0) {
                    sink.text("[Inferior 1 (" + process + ") exited normally]");
                } else {
                    sink.text(String.format("[Inferior 1 (%s) exited with code %02o]", process, code));
                }
                announcedExit = true;
            }
            case SoftwareBranchRecorder.BREAKPOINT -> browser.reportLiveStop(false, sink);
            case SoftwareBranchRecorder.STOPPED, SoftwareBranchRecorder.INTERRUPTED -> {
                sink.text("");
                sink.text("Program received signal SIGINT, Interrupt.");
                browser.printStop("", sink);
            }
            default -> {
                if (step) {
                    browser.reportLiveStop(Boolean.TRUE.equals(sameFunction), sink);
                } else {
                    sink.text("");
                    sink.text("Program stopped.");
                    browser.printStop("", sink);
                }
            }
        }
    }

    private static String signalName(int sig) {
        return switch (sig) {
            case 1 -> "SIGHUP, Hangup";
            case 2 -> "SIGINT, Interrupt";
            case 3 -> "SIGQUIT, Quit";
            case 4 -> "SIGILL, Illegal instruction";
            case 5 -> "SIGTRAP, Trace/breakpoint trap";
            case 6 -> "SIGABRT, Aborted";
            case 7 -> "SIGBUS, Bus error";
            case 8 -> "SIGFPE, Arithmetic exception";
            case 9 -> "SIGKILL, Killed";
            case 11 -> "SIGSEGV, Segmentation fault";
            case 13 -> "SIGPIPE, Broken pipe";
            case 14 -> "SIGALRM, Alarm clock";
            case 15 -> "SIGTERM, Terminated";
            default -> "SIG" + sig + ", Unknown signal " + sig;
        };
    }

    @Override
    public boolean alive() {
        return !recording.exited();
    }

    @Override
    public void continueLive(HistoryOutput out) {
        out.text("Continuing.");
        out.finish();
        resume(0, false);
    }

    @Override
    public void stepLive(String command, long count, HistoryOutput out) {
        if (count <= 0) {
            return;
        }
        if (command.equals("stepi")) {
            resume(count, true);
            return;
        }
        LiveStep.Kind kind = LiveStep.Kind.valueOf(command.toUpperCase(java.util.Locale.ROOT));
        int tid = recording.stopTid();
        long before = browser.currentPc();
        var startFunction = before == -1 ? null : symbols.find(before);
        long resumePc = -1;
        if (kind == LiveStep.Kind.FINISH) {
            resumePc = browser.callerResumePc();
            // gdb's unwinder stops at main (backtrace past-main off): main is the outermost frame.
            var f = before == -1 ? null : symbols.find(before);
            if (resumePc == -1 || f != null && "main".equals(f.minimalName())) {
                throw new HistoryError("\"finish\" not meaningful in the outermost frame.");
            }
            browser.printFrameLine("Run till exit from ", out);
            out.finish();
        }
        recording.breakpoints(browser.breakpoints().all().stream().mapToLong(b -> b.address()).toArray());
        try {
            int why = SoftwareBranchRecorder.FILTERED;
            LiveStep step = null;
            for (long i = 0; i < count && why == SoftwareBranchRecorder.FILTERED; i++) {
                long[] regs = recording.registers(tid);
                step = LiveStep.start(kind, recording.pc(tid), regs[Registers.RSP], resumePc, lines, symbols,
                        liveMemory());
                if (step.notice() != null) {
                    step.notice().lines().forEach(out::text);
                    out.finish();
                }
                why = runRecorded(0, tid, step);
            }
            open();
            if (why != SoftwareBranchRecorder.FILTERED) {
                report(why, true, false);
                return;
            }
            long after = browser.currentPc();
            var endFunction = after == -1 ? null : symbols.find(after);
            boolean same = !step.leftFrame() && startFunction != null && endFunction != null
                    && startFunction.start() == endFunction.start();
            browser.reportLiveStop(same, sink);
        } catch (IOException e) {
            throw new HistoryError(e.getMessage());
        }
    }

    private void resume(long limit, boolean step) {
        long before = browser.currentPc();
        var startFunction = before == -1 ? null : symbols.find(before);
        long[] addresses = browser.breakpoints().all().stream().mapToLong(b -> b.address()).toArray();
        recording.breakpoints(addresses);
        try {
            int why = runRecorded(limit);
            open();
            long after = browser.currentPc();
            var endFunction = after == -1 ? null : symbols.find(after);
            boolean same = startFunction != null && endFunction != null && startFunction.start() == endFunction.start();
            report(why, step, same);
        } catch (IOException e) {
            throw new HistoryError(e.getMessage());
        }
    }

    /**
     * Writes the history recorded so far to {@code output} (temporary file, then a rename), as
     * {@code hindsight record -o} would have.
     */
    void save(Path output) throws IOException {
        Path tmp = recording.workFile("final.hsb");
        recording.snapshot(tmp);
        Path target = root.resolve(output.toString()).toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staged = parent.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.copy(tmp, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The question gdb asks before quitting with a live process, or {@code null} when none is left. */
    String quitQuestion() {
        if (recording.exited()) {
            return null;
        }
        return "A debugging session is active.\n\n\tInferior 1 [process " + recording.pid() + "] will be "
                + (recording.launched() ? "killed" : "detached") + ".\n\nQuit anyway? (y or n) ";
    }

    /** Whether the program's exit was reported. */
    boolean exitAnnounced() {
        return announcedExit;
    }

    /** Kills a launched program, detaches an attached one (saying so, as gdb does), removes the session's files. */
    @Override
    public void close() throws IOException {
        try {
            boolean detach = !recording.launched() && !recording.exited();
            recording.close();
            if (detach) {
                sink.text("[Inferior 1 (process " + recording.pid() + ") detached]");
                sink.finish();
            }
        } finally {
            for (HistoryInputMixin m : opened) {
                m.close();
            }
            opened.clear();
        }
    }
}
