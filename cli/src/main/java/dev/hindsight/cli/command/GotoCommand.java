package dev.hindsight.cli.command;

import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryOutput;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hindsight goto}: gdb's {@code record goto begin|start|end|N}, printing the frame. */
@Command(name = "goto", header = "Print what gdb's 'record goto begin|start|end|N' prints.")
public final class GotoCommand extends HistoryCommand {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "begin, start, end or an instruction number.")
    List<String> args;

    @Override
    void run(HistoryBrowser browser, HistoryOutput out) {
        browser.gotoRecord(join(args), out);
    }
}
