package dev.hindsight.cli.command;

import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryOutput;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hindsight instruction-history}: gdb's {@code record instruction-history}. */
@Command(name = "instruction-history",
        header = "Print gdb's 'record instruction-history [/msrfp] [N | N,+M | N,-M | B,E | - | +]'.")
public final class InstructionHistoryCommand extends HistoryCommand {
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "Modifiers and range, as in gdb.")
    List<String> args;

    @Override
    boolean needsDisassembler() {
        return true;
    }

    @Override
    void run(HistoryBrowser browser, HistoryOutput out) {
        browser.instructionHistory(join(args), out);
    }
}
