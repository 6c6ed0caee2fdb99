package dev.hindsight.cli.command;

import dev.hindsight.collect.MachineSupport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hindsight doctor}: what this machine supports for each recording method, and why not. */
@Command(name = "doctor", header = "Tell which recording methods this machine supports, and why not.")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : MachineSupport.probe().report()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
