package dev.hindsight.history;

import java.util.ArrayList;
import java.util.List;

/** gdb's command-word lookup ({@code lookup_cmd}): an exact name or a unique prefix. */
public final class CommandWords {
    private CommandWords() {
    }

    /**
     * The command {@code word} names among {@code names}.
     *
     * @param context the prefix command for messages ({@code "set record"}), or empty for top level
     * @throws HistoryError gdb's {@code Undefined ... command} or {@code Ambiguous ... command}
     */
    public static String match(String word, List<String> names, String context) {
        String ctx = context.isEmpty() ? "" : context + " ";
        if (word.isEmpty()) {
            throw new HistoryError("\"" + context + "\" must be followed by the name of a subcommand.");
        }
        if (names.contains(word)) {
            return word;
        }
        List<String> hits = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(word)) {
                hits.add(n);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.isEmpty()) {
            throw new HistoryError("Undefined " + ctx + "command: \"" + word + "\".  Try \"help"
                    + (context.isEmpty() ? "" : " " + context) + "\".");
        }
        throw new HistoryError("Ambiguous " + ctx + "command \"" + word + "\": " + String.join(", ", hits) + ".");
    }
}
