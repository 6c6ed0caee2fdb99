package dev.hindsight.cli.command;

import dev.hindsight.cli.Hindsight;
import dev.hindsight.cli.demo.Demo;
import dev.hindsight.collect.MachineSupport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hindsight demo [--keep DIR] [--cc COMPILER]}: records a small example program with the
 * best method this machine has and browses its history as gdb would ({@link Demo}).
 */
@Command(name = "demo", header = "Record a small example program and browse its history as gdb would.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the example, its trace bundle and the synthesised PT trace in DIR.")
    private String keep;

    @Option(names = "--cc", paramLabel = "COMPILER", defaultValue = "gcc",
            description = "The C compiler that builds the example. Default: ${DEFAULT-VALUE}.")
    private String compiler;

    @Override
    public Integer call() throws Exception {
        Hindsight root = (Hindsight) spec.root().userObject();
        Path dir = keep == null ? null : root.resolve(keep);
        new Demo(compiler, dir, MachineSupport.probe(), spec.commandLine().getOut()).run();
        return 0;
    }
}
