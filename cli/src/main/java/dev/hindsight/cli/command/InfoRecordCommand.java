package dev.hindsight.cli.command;

import dev.hindsight.history.HistoryBrowser;
import dev.hindsight.history.HistoryOutput;
import picocli.CommandLine.Command;

/** {@code hindsight info-record}: gdb's {@code info record} over a trace file. */
@Command(name = "info-record", header = "Print gdb's 'info record' for a BTS or PT trace.")
public final class InfoRecordCommand extends HistoryCommand {
    @Override
    void run(HistoryBrowser browser, HistoryOutput out) {
        browser.infoRecord(out);
    }
}
