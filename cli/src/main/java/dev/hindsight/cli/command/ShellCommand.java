package dev.hindsight.cli.command;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.UserError;
import dev.hindsight.cli.shell.GdbCommands;
import dev.hindsight.cli.shell.ShellSession;
import dev.hindsight.history.GdbDisassembly;
import dev.hindsight.history.GdbTextOutput;
import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryError;
import dev.hindsight.history.HistoryOutput;
import dev.hindsight.history.InsnTextFormatter;
import dev.hindsight.history.JsonOutput;
import dev.hindsight.history.TraceInput;
import dev.hindsight.pt.x86.ExecMode;
import dev.hindsight.pt.x86.disasm.CapstoneDisassembler;
import dev.hindsight.pt.x86.disasm.DisassemblerUnavailableException;
import dev.hindsight.pt.x86.disasm.Syntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight shell}: gdb's record-btrace commands over one trace in one session (one
 * {@link HistoryBrowser}), interactively with JLine, from stdin when it is not a terminal, or
 * gdb-style from {@code -ex} commands and {@code -x} files ({@code -batch} exits after them).
 */
@Command(name = "shell", header = "Browse and replay a trace's history with gdb's commands (record, stepi, next, finish, break, ...).")
public final class ShellCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Hindsight root;

    @Mixin
    HistoryInputMixin input;

    @Option(names = {"-batch", "--batch"}, description = "Run the -ex commands and -x files, then exit (non-zero if one failed).")
    boolean batch;

    @Option(names = {"-ex", "--eval-command"}, paramLabel = "COMMAND", description = "Run a command (repeatable, in order).")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-x", "--command"}, paramLabel = "FILE", description = "Run the commands in FILE (stops at its first error).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--record", description = "Live session: launch PROG (after --) or attach to --pid, record it"
            + " (sw) to a --break location, the end or Ctrl-C, keep it stopped and browse it as gdb's record btrace does.")
    boolean record;

    @Option(names = {"-m", "--method"}, defaultValue = "auto",
            description = "With --record: auto, pt, bts or sw (a live session records with sw). Default: ${DEFAULT-VALUE}.")
    RecordCommand.Method method;

    @Option(names = "--break", paramLabel = "LOCATION",
            description = "With --record: stop there (FUNCTION, FILE:LINE, *ADDRESS; repeatable).")
    List<String> breaks = new ArrayList<>();

    @Option(names = "--max-instructions", defaultValue = "0",
            description = "With --record: stop after this many instructions (0: no limit).")
    long maxInstructions;

    @Option(names = "--pid", description = "With --record: attach to this running process.")
    int pid;

    @Option(names = "--no-aslr", description = "With --record: launch with address space layout randomisation off.")
    boolean noAslr;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.hsb",
            description = "With --record: also write the history recorded (at the end of the session) as a bundle.")
    Path output;

    @Parameters(paramLabel = "PROG", arity = "0..*", description = "With --record: the program and its arguments, after --.")
    List<String> program = new ArrayList<>();

    /** Where a non-terminal session reads from; tests replace it. */
    static InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        if (record) {
            return runLive();
        }
        if (!breaks.isEmpty() || pid != 0 || output != null || !program.isEmpty() || maxInstructions != 0
                || noAslr || method != RecordCommand.Method.auto) {
            throw new UserError("--break, --pid, -m, -o, --max-instructions, --no-aslr and a program need --record", 2);
        }
        return run(root, spec, input, commands, files, batch);
    }

    private int runLive() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (input.bundle != null || input.pt != null || input.bts != null) {
            throw new UserError("--record records its own trace: give no --bundle, --pt or --bts", 2);
        }
        if (pid != 0 && !program.isEmpty()) {
            throw new UserError("give either --pid or a program, not both", 2);
        }
        if (pid == 0 && program.isEmpty()) {
            throw new UserError("nothing to record: give -- PROG ARGS... or --pid PID", 2);
        }
        if (maxInstructions < 0) {
            throw new UserError("--max-instructions must not be negative", 2);
        }
        if (output != null && !dev.hindsight.collect.Recorder.isBundle(output)) {
            throw new UserError("-o: a live session writes a trace bundle: give FILE.hsb", 2);
        }
        dev.hindsight.collect.RecordMethod m = method == RecordCommand.Method.auto ? null
                : dev.hindsight.collect.RecordMethod.valueOf(method.name().toUpperCase(java.util.Locale.ROOT));
        HistoryOutput sink = input.json ? new JsonOutput(out) : new GdbTextOutput(out, err);
        CapstoneDisassembler capstone = null;
        try {
            capstone = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT);
        } catch (DisassemblerUnavailableException e) {
            capstone = null;
        }
        try (LiveShell live = LiveShell.start(root, input,
                new LiveShell.Options(m, program, pid, noAslr, breaks, maxInstructions, output), sink, capstone, err)) {
            GdbCommands gdb = new GdbCommands(live.browser(), sink, err);
            live.attach(gdb);
            ShellSession session = new ShellSession(gdb, out);
            session.setQuitQuestion(live::quitQuestion);
            int code = runSession(root, session, out, commands, files, batch);
            if (output != null) {
                live.save(output);
            }
            return code;
        } finally {
            if (capstone != null) {
                capstone.close();
            }
        }
    }

    /** Runs the {@code -ex} commands and {@code -x} files, then the terminal or stdin unless {@code batch}. */
    private static int runSession(Hindsight root, ShellSession session, PrintWriter out, List<String> commands,
            List<Path> files, boolean batch) throws IOException {
        session.runCommands(commands);
        for (Path f : files) {
            if (!session.quitRequested()) {
                session.runFile(root.resolve(f.toString()));
            }
        }
        if (batch || session.quitRequested()) {
            out.flush();
            return session.failures() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        if (System.console() != null && stdin == System.in) {
            session.readTerminal(ShellSession.historyFile());
        } else {
            session.readPlain(stdin);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Opens the trace of {@code input}, runs {@code commands} and {@code files} in one session,
     * then exits ({@code batch}) or reads more commands from the terminal or stdin.
     *
     * @return {@link ExitCodes#OK}, or {@link ExitCodes#FAILURE} if a batch command failed
     */
    static int run(Hindsight root, CommandSpec spec, HistoryInputMixin input, List<String> commands,
            List<Path> files, boolean batch) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (TraceInput.Opened opened = input.open(root)) {
            HistoryOutput sink = input.json ? new JsonOutput(out) : new GdbTextOutput(out, err);
            for (String w : opened.warnings()) {
                sink.warning(w);
            }
            CapstoneDisassembler capstone = null;
            InsnTextFormatter formatter;
            try {
                capstone = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT);
                formatter = new GdbDisassembly(capstone, opened.symbols());
            } catch (DisassemblerUnavailableException e) {
                String why = e.getMessage();
                formatter = (b, len, ip) -> {
                    throw new HistoryError(why);
                };
            }
            try {
                HistoryBrowser browser = input.browser(opened, formatter);
                browser.setTarget(input.objectFiles(), null, null);
                GdbCommands gdb = new GdbCommands(browser, sink, err);
                if (input.gotoPosition != null) {
                    gdb.execute("record goto " + input.gotoPosition);
                }
                ShellSession session = new ShellSession(gdb, out);
                return runSession(root, session, out, commands, files, batch);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            } finally {
                if (capstone != null) {
                    capstone.close();
                }
            }
        } finally {
            input.close();
        }
    }
}
