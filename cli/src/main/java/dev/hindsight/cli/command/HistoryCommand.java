package dev.hindsight.cli.command;

import dev.hindsight.cli.ExitCodes;
import dev.hindsight.cli.Hindsight;
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
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The shared frame of the history commands: open the trace, make a fresh {@link HistoryBrowser}
 * (one command per invocation, like {@code gdb -batch -ex}), run the command, print gdb's
 * error message on failure.
 */
abstract class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    Hindsight root;

    @Mixin
    HistoryInputMixin input;

    /** Runs the gdb command on the browser. */
    abstract void run(HistoryBrowser browser, HistoryOutput out);

    /** Whether the command needs a disassembler. */
    boolean needsDisassembler() {
        return false;
    }

    /** Joins positional words into gdb's argument string. */
    static String join(List<String> words) {
        return words == null ? "" : String.join(" ", words);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (TraceInput.Opened opened = input.open(root)) {
            HistoryOutput sink = input.json ? new JsonOutput(out) : new GdbTextOutput(out, err);
            for (String w : opened.warnings()) {
                sink.warning(w);
            }
            CapstoneDisassembler capstone = null;
            InsnTextFormatter formatter = (b, len, ip) -> "(bad)";
            if (needsDisassembler()) {
                try {
                    capstone = CapstoneDisassembler.open(ExecMode.BITS_64, Syntax.ATT);
                    formatter = new GdbDisassembly(capstone, opened.symbols());
                } catch (DisassemblerUnavailableException e) {
                    err.println("hindsight: " + e.getMessage());
                    err.flush();
                    return ExitCodes.FAILURE;
                }
            }
            try {
                HistoryBrowser browser = input.browser(opened, formatter);
                if (input.gotoPosition != null) {
                    browser.gotoRecord(input.gotoPosition, new GdbTextOutput(new PrintWriter(PrintWriter.nullWriter()),
                            new PrintWriter(PrintWriter.nullWriter())));
                }
                run(browser, sink);
                sink.finish();
                return ExitCodes.OK;
            } catch (HistoryError e) {
                sink.finish();
                err.print(e.getMessage() + "\n");
                err.flush();
                return ExitCodes.FAILURE;
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
