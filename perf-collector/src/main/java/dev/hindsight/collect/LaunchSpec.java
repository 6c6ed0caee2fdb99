package dev.hindsight.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to launch under the tracer: the program and its arguments, its environment, whether ASLR
 * is off, and optional files for its standard streams (null: inherit the JVM's).
 *
 * @param argv the program (a path, or a name looked up in PATH) followed by its arguments
 * @param env the program's environment
 * @param noAslr turn address space layout randomisation off (personality ADDR_NO_RANDOMIZE)
 * @param stdin file for standard input, or null
 * @param stdout file for standard output, or null
 * @param stderr file for standard error, or null
 */
public record LaunchSpec(List<String> argv, Map<String, String> env, boolean noAslr, Path stdin,
        Path stdout, Path stderr) {

    /** Copies the lists and checks that there is a program. */
    public LaunchSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no program to launch");
        }
    }

    /** Launch {@code argv} with the JVM's environment, ASLR as the system has it, streams inherited. */
    public static LaunchSpec of(List<String> argv) {
        return new LaunchSpec(argv, System.getenv(), false, null, null, null);
    }

    /** This spec with ASLR turned off or left as the system has it. */
    public LaunchSpec withNoAslr(boolean off) {
        return new LaunchSpec(argv, env, off, stdin, stdout, stderr);
    }

    /** This spec with standard output and error sent to files (null: inherit). */
    public LaunchSpec withOutput(Path out, Path err) {
        return new LaunchSpec(argv, env, noAslr, stdin, out, err);
    }

    /**
     * The argv with the program resolved to an executable file path, as a shell would find it.
     *
     * @throws LaunchException when the program is missing or not executable
     */
    public List<String> resolvedArgv() {
        String prog = argv.get(0);
        Path path = null;
        if (prog.contains("/")) {
            path = Path.of(prog);
        } else {
            String pathVar = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
            for (String dir : pathVar.split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, prog);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    path = p;
                    break;
                }
            }
            if (path == null) {
                throw new LaunchException(prog + ": command not found");
            }
        }
        if (!Files.exists(path)) {
            throw new LaunchException(prog + ": no such file");
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new LaunchException(prog + ": not an executable file");
        }
        List<String> out = new ArrayList<>(argv);
        out.set(0, path.toAbsolutePath().toString());
        return out;
    }
}
