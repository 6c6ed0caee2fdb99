package dev.hindsight.cli.command;

import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryOutput;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hindsight function-call-history}: gdb's {@code record function-call-history}. */
@Command(name = "function-call-history",
        header = "Print gdb's 'record function-call-history [/ilc] [N | N,+M | N,-M | B,E | - | +]'.")
public final class FunctionCallHistoryCommand extends HistoryCommand {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "Modifiers and range, as in gdb.")
    List<String> args;

    @Override
    void run(HistoryBrowser browser, HistoryOutput out) {
        browser.functionCallHistory(join(args), out);
    }
}
