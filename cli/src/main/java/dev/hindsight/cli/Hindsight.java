package dev.hindsight.cli;

import dev.hindsight.cli.command.BenchCommand;
import dev.hindsight.cli.command.DoctorCommand;
import dev.hindsight.cli.command.RecordCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code hindsight} command: lists the subcommands and builds the {@link CommandLine}
 * that {@link Main}, the shell and the tests share.
 */
@Command(name = "hindsight",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Record, decode and browse the execution history of Linux x86-64 programs.",
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchCommand.class,
            DoctorCommand.class,
            RecordCommand.class,
        })
public final class Hindsight implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with its output and error streams, its exit codes and its one-line error
     * handler installed.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Hindsight());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new OneLineErrorHandler());
        // "record PROG -x" : everything after the program belongs to the program.
        cl.getSubcommands().get("record").setStopAtPositional(true);
        cl.getSubcommands().get("bench").getSubcommands().get("step").setStopAtPositional(true);
        cl.setExitCodeExceptionMapper(t -> t instanceof UserError u ? u.exitCode()
                : t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        return cl;
    }
}
