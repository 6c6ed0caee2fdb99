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

    /** Where a non-terminal session reads from; tests replace it. */
    static InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        return run(root, spec, input, commands, files, batch);
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
            for (String w : opened.history().warnings()) {
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
                GdbCommands gdb = new GdbCommands(browser, sink, err);
                if (input.gotoPosition != null) {
                    gdb.execute("record goto " + input.gotoPosition);
                }
                ShellSession session = new ShellSession(gdb, out);
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
