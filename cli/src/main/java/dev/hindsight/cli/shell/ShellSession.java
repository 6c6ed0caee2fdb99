package dev.hindsight.cli.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The shell's read loops around {@link GdbCommands}: gdb's {@code -ex} commands, {@code -x} command
 * files, a JLine prompt on a terminal (history, completion, Ctrl-C ignored, Ctrl-D quits) and plain
 * line reading when stdin is not a terminal.
 */
public final class ShellSession {
    /** The prompt. */
    public static final String PROMPT = "(hindsight) ";

    private final GdbCommands commands;
    private final PrintWriter out;
    private boolean quit;
    private int failures;
    private java.util.function.Supplier<String> quitQuestion = () -> null;

    /** A session running {@code commands}, prompting on {@code out}. */
    public ShellSession(GdbCommands commands, PrintWriter out) {
        this.commands = commands;
        this.out = out;
    }

    /**
     * The question an interactive {@code quit} asks first (gdb's "A debugging session is
     * active..."), or {@code null} from the supplier when there is none to ask.
     */
    public void setQuitQuestion(java.util.function.Supplier<String> question) {
        this.quitQuestion = question;
    }

    /** Whether a {@code quit} was read. */
    public boolean quitRequested() {
        return quit;
    }

    /** How many commands failed. */
    public int failures() {
        return failures;
    }

    private void run(String line) {
        GdbCommands.Result r = commands.execute(line);
        if (r == GdbCommands.Result.QUIT) {
            quit = true;
        } else if (r == GdbCommands.Result.ERROR) {
            failures++;
        }
    }

    /** Runs gdb's {@code -ex} commands in order (all of them, as gdb does, unless one quits). */
    public void runCommands(List<String> lines) {
        for (String l : lines) {
            if (quit) {
                return;
            }
            run(l);
        }
    }

    /** Runs a command file ({@code -x}); like gdb's {@code source}, it stops at the first error. */
    public void runFile(Path file) throws IOException {
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (quit || l.isBlank()) {
                continue;
            }
            int before = failures;
            run(l);
            if (failures > before) {
                return;
            }
        }
    }

    /** Reads commands from a non-terminal {@code in} until end of input or {@code quit}, printing the prompt. */
    public void readPlain(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        while (!quit) {
            out.print(PROMPT);
            out.flush();
            String line = r.readLine();
            if (line == null) {
                out.print("quit\n");
                out.flush();
                return;
            }
            run(line);
            String question = quit ? quitQuestion.get() : null;
            if (question != null) {
                // gdb's query when its input is not a terminal: ask, and answer the default itself.
                out.print(question + "[answered Y; input not from terminal]\n");
                out.flush();
            }
        }
    }

    /** The interactive JLine prompt on the process's terminal. */
    public void readTerminal(Path historyFile) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("hindsight")
                    .completer(new ShellCompleter());
            if (historyFile != null) {
                b.variable(LineReader.HISTORY_FILE, historyFile);
            }
            LineReader reader = b.build();
            // An empty line must reach the interpreter (gdb repeats the last command).
            reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
            // At the prompt JLine turns Ctrl-C into UserInterruptException (ignored below); while a
            // command runs it interrupts replay motion.
            terminal.handle(Terminal.Signal.INT, s -> commands.interrupt());
            while (!quit) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    out.print("quit\n");
                    out.flush();
                    return;
                }
                run(line);
                String question = quit ? quitQuestion.get() : null;
                if (question != null) {
                    int nl = question.lastIndexOf('\n');
                    out.print(question.substring(0, nl + 1));
                    out.flush();
                    String answer;
                    try {
                        answer = reader.readLine(question.substring(nl + 1));
                    } catch (UserInterruptException | EndOfFileException e) {
                        answer = "y";
                    }
                    if (!answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                        quit = false;
                        out.print("Not confirmed.\n");
                        out.flush();
                    }
                }
            }
            if (reader.getHistory() != null) {
                reader.getHistory().save();
            }
        }
    }

    /** {@code ~/.hindsight_history} if it can be written, else {@code null} (history in memory only). */
    public static Path historyFile() {
        String home = System.getProperty("user.home");
        if (home == null) {
            return null;
        }
        Path f = Path.of(home, ".hindsight_history");
        if (Files.exists(f) ? Files.isWritable(f) : Files.isWritable(f.getParent())) {
            return f;
        }
        return null;
    }
}
