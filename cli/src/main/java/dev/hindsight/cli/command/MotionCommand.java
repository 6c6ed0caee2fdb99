package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * One of gdb's replay motions ({@code stepi}, {@code reverse-next}, {@code finish}, ...) as a
 * {@code hindsight} subcommand: on a fresh history browser it goes to {@code --goto} if given,
 * sets the {@code --break} breakpoints, runs the motion with its arguments and prints where it
 * stopped, exactly as the shell does ({@code hindsight shell -batch -ex ...}).
 */
@Command(header = "Replay motion over a trace's history, as gdb's command of the same name.")
public final class MotionCommand implements Callable<Integer> {
    /** gdb's motion commands, each registered as a subcommand of this class. */
    public static final List<String> NAMES = List.of("stepi", "reverse-stepi", "nexti", "reverse-nexti",
            "step", "reverse-step", "next", "reverse-next", "finish", "reverse-finish", "continue",
            "reverse-continue", "until");

    private final String name;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Hindsight root;

    @Mixin
    HistoryInputMixin input;

    @Option(names = "--break", paramLabel = "LOCATION",
            description = "Set a breakpoint first (*ADDRESS, FUNCTION, FILE:LINE or LINE; repeatable).")
    List<String> breakpoints = new ArrayList<>();

    @Parameters(paramLabel = "ARG", arity = "0..*", description = "The motion's arguments (e.g. a count for stepi).")
    List<String> args = new ArrayList<>();

    /** The motion named {@code name} (one of {@link #NAMES}). */
    public MotionCommand(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("not a motion: " + name);
        }
        this.name = name;
    }

    @Override
    public Integer call() throws Exception {
        List<String> commands = new ArrayList<>();
        breakpoints.forEach(b -> commands.add("break " + b));
        commands.add(args.isEmpty() ? name : name + " " + String.join(" ", args));
        return ShellCommand.run(root, spec, input, commands, List.of(), true);
    }
}
