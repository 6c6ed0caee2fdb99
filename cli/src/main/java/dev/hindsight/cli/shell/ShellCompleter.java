package dev.hindsight.cli.shell;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/** Tab completion of the shell's command words: commands, then record/info/set/show subcommands. */
final class ShellCompleter implements Completer {
    private static final List<String> SETTINGS = List.of("btrace", "full", "function-call-history-size",
            "instruction-history-size");

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        for (String c : candidates(line.words(), line.wordIndex())) {
            candidates.add(new Candidate(c));
        }
    }

    /** The words that can stand at {@code index} after {@code words}. */
    static List<String> candidates(List<String> words, int index) {
        if (index == 0) {
            return GdbCommands.COMMANDS;
        }
        String first = GdbCommands.resolve(words.get(0));
        if (first == null) {
            return List.of();
        }
        if (index == 1) {
            return switch (first) {
                case "record" -> GdbCommands.RECORD;
                case "info" -> GdbCommands.INFO;
                case "set", "show" -> List.of("record");
                default -> List.of();
            };
        }
        if (index == 2) {
            String second = words.get(1);
            if ((first.equals("set") || first.equals("show")) && "record".startsWith(second) && !second.isEmpty()) {
                return SETTINGS;
            }
            if (first.equals("record") && second.equals("goto")) {
                return List.of("begin", "end", "start");
            }
        }
        if (index == 3 && (first.equals("set") || first.equals("show")) && words.get(2).equals("btrace")) {
            return List.of("bts", "cpu", "pt", "replay-memory-access");
        }
        return List.of();
    }
}
