package dev.hindsight.cli;

import dev.hindsight.cli.command.BenchCommand;
import dev.hindsight.cli.command.MotionCommand;
import dev.hindsight.cli.command.DemoCommand;
import dev.hindsight.cli.command.BundleCommand;
import dev.hindsight.cli.command.FunctionCallHistoryCommand;
import dev.hindsight.cli.command.GotoCommand;
import dev.hindsight.cli.command.InfoRecordCommand;
import dev.hindsight.cli.command.InstructionHistoryCommand;
import dev.hindsight.cli.command.PtdumpCommand;
import dev.hindsight.cli.command.PtxedCommand;
import dev.hindsight.cli.command.DoctorCommand;
import dev.hindsight.cli.command.RecordCommand;
import dev.hindsight.cli.command.ShellCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
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
            DemoCommand.class,
            PtdumpCommand.class,
            PtxedCommand.class,
            BenchCommand.class,
            DoctorCommand.class,
            RecordCommand.class,
            BundleCommand.class,
            InfoRecordCommand.class,
            InstructionHistoryCommand.class,
            FunctionCallHistoryCommand.class,
            GotoCommand.class,
            ShellCommand.class,
        })
public final class Hindsight implements Runnable {
    @Spec
    private CommandSpec spec;

    /** The directory relative file names are resolved against. */
    private Path workingDirectory = Path.of("");

    /**
     * A file name given on the command line, resolved against the working directory (the
     * process's own, or the one given to {@link #commandLine(PrintWriter, PrintWriter, Path)}).
     */
    public Path resolve(String file) {
        return workingDirectory.resolve(file);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The command line with its output and error streams, its exit codes and its one-line error
     * handler installed.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Path.of(""));
    }

    /**
     * The command line as {@link #commandLine(PrintWriter, PrintWriter)}, with relative file names
     * resolved against {@code workingDirectory} instead of the process's directory (tests run
     * commands in-process as if from another directory, without changing the process's).
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Path workingDirectory) {
        Hindsight root = new Hindsight();
        root.workingDirectory = workingDirectory;
        CommandLine cl = new CommandLine(root);
        // Before the streams and handlers are set: picocli passes them on to the subcommands
        // that exist at that moment.
        for (String motion : MotionCommand.NAMES) {
            cl.addSubcommand(motion, new MotionCommand(motion));
        }
        cl.setOut(out);
        cl.setErr(err);
        // ptxed takes options in order and lets later ones override earlier ones.
        cl.getSubcommands().get("ptxed").setOverwrittenOptionsAllowed(true);
        // ptdump's --pevent:* settings repeat per sideband file, as in libipt.
        cl.getSubcommands().get("ptdump").setOverwrittenOptionsAllowed(true);
        cl.setExecutionExceptionHandler(new OneLineErrorHandler());
        // "record PROG -x" : everything after the program belongs to the program.
        cl.getSubcommands().get("record").setStopAtPositional(true);
        cl.getSubcommands().get("bench").getSubcommands().get("step").setStopAtPositional(true);
        cl.setExitCodeExceptionMapper(t -> t instanceof UserError u ? u.exitCode()
                : t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        addHelpOption(cl.getSubcommands().values());
        return cl;
    }

    /** Gives every subcommand, at every depth, {@code -h}/{@code --help}, as the root has. */
    private static void addHelpOption(java.util.Collection<CommandLine> commands) {
        for (CommandLine sub : commands) {
            if (sub.getCommandSpec().findOption("--help") == null && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                        .usageHelp(true).description("Show this help message and exit.").build());
            }
            addHelpOption(sub.getSubcommands().values());
        }
    }
}
