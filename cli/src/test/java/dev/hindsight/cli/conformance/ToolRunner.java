package dev.hindsight.cli.conformance;

import dev.hindsight.cli.Hindsight;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code hindsight} subcommand in-process with a conformance test's arguments, as libipt's
 * test script runs its tools from inside the test folder.
 */
public final class ToolRunner {
    private ToolRunner() {
    }

    /**
     * The captured result of a run.
     *
     * @param exitCode the exit code
     * @param out      standard output (what the test script compares)
     * @param err      standard error
     */
    public record Result(int exitCode, String out, String err) {
    }

    /**
     * Runs {@code hindsight <command> <args>} with relative file names resolved against
     * {@code workingDirectory}.
     */
    public static Result run(Path workingDirectory, String command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(args);
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Hindsight.commandLine(o, e, workingDirectory).execute(argv.toArray(String[]::new));
        }
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs a conformance run: its tool as the subcommand, in its test folder. */
    public static Result run(ConformanceCase.Run run) {
        return run(run.test().dir(), run.tool(), run.args());
    }
}
