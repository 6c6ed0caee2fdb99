package dev.hindsight.collect.sys;

import dev.hindsight.collect.internal.sys.LibC;
import dev.hindsight.collect.internal.sys.Native;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Starts a program from the JVM so that a tracer can take it over before its first instruction.
 *
 * <p>The classic {@code fork(); ptrace(PTRACE_TRACEME); execve()} cannot run in a JVM: the child of
 * a fork would have to run Java code, with one thread and a heap shared copy-on-write with a
 * running VM. {@code ProcessBuilder} is not usable either, because the JDK's reaper thread waits
 * for its children and would consume the ptrace stops. So the program is started with
 * {@code posix_spawn(3)} (no Java code runs in the child; the JDK does not know the pid) through a
 * one-line trampoline:
 *
 * <pre>  /bin/sh -c 'kill -STOP $$; exec "$0" "$@"' PROG ARGS...</pre>
 *
 * <p>The shell stops itself before exec. The caller waits for that group-stop with
 * {@link #awaitStopped}, seizes the stopped shell with {@code PTRACE_O_TRACEEXEC}, sends SIGCONT,
 * and gets a PTRACE_EVENT_EXEC stop on the first instruction of PROG (the dynamic loader's entry,
 * or the program's for a static one). Nothing of PROG runs untraced, the shell needs no terminal,
 * and {@code exec} keeps the pid, so PROG is still the caller's child. A PROG that cannot be run
 * makes the shell exit with 126 or 127, which the tracer sees as an exit before any exec; the
 * path is checked in Java first to give a clear message.
 *
 * <p>Turning ASLR off ({@code ADDR_NO_RANDOMIZE}) works because personality(2) flags are per
 * thread and inherited by a spawned child: the calling thread sets them, spawns, and restores.
 */
public final class Spawn {
    /** personality(2) flag: no address space layout randomisation. */
    public static final int ADDR_NO_RANDOMIZE = 0x0040000;
    /** The trampoline script; {@code $0} is the program, {@code $@} its arguments. */
    public static final String TRAMPOLINE = "kill -STOP $$; exec \"$0\" \"$@\"";

    private static final int O_RDONLY = 0;
    private static final int O_WRONLY_CREAT_TRUNC = 0x241;

    private Spawn() {
    }

    /**
     * Spawns {@code argv} (argv[0] is the program's path) behind the trampoline and returns the
     * pid, which will stop itself with SIGSTOP before it execs the program.
     *
     * @param env the environment of the program
     * @param noAslr turn address space layout randomisation off for the program
     * @param stdin a file to read standard input from, or null to inherit the JVM's
     * @param stdout a file to write standard output to, or null to inherit
     * @param stderr a file to write standard error to, or null to inherit
     */
    public static int spawnStopped(List<String> argv, Map<String, String> env, boolean noAslr,
            String stdin, String stdout, String stderr) {
        List<String> all = new ArrayList<>();
        all.add("/bin/sh");
        all.add("-c");
        all.add(TRAMPOLINE);
        all.addAll(argv);
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        LibC libc = Native.libc();
        Runtime rt = Native.runtime();
        List<Pointer> keep = new ArrayList<>();
        Pointer argvp = stringArray(rt, all, keep);
        Pointer envp = stringArray(rt, envList, keep);
        Pointer actions = Memory.allocateDirect(rt, 512);
        Pointer pid = Memory.allocateDirect(rt, 8);
        int r = libc.posix_spawn_file_actions_init(actions);
        if (r != 0) {
            throw new SysCallException(r, "posix_spawn_file_actions_init");
        }
        try {
            addOpen(libc, actions, 0, stdin, O_RDONLY);
            addOpen(libc, actions, 1, stdout, O_WRONLY_CREAT_TRUNC);
            addOpen(libc, actions, 2, stderr, O_WRONLY_CREAT_TRUNC);
            int saved = libc.personality(0xffffffffL);
            if (noAslr) {
                if (libc.personality(saved | ADDR_NO_RANDOMIZE) == -1) {
                    throw new SysCallException(Native.errno(), "personality(ADDR_NO_RANDOMIZE)");
                }
            }
            try {
                r = libc.posix_spawn(pid, "/bin/sh", actions, null, argvp, envp);
            } finally {
                if (noAslr) {
                    libc.personality(saved);
                }
            }
            if (r != 0) {
                throw new SysCallException(r, "posix_spawn(/bin/sh " + argv.get(0) + ")");
            }
            return pid.getInt(0);
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * Waits until the spawned {@code pid} has stopped itself. Returns -1 when it is stopped, or the
     * exit code (128 + signal when killed) if it ended instead.
     */
    public static int awaitStopped(Ptrace ptrace, int pid) {
        int tid = ptrace.waitpid(pid, Ptrace.WUNTRACED);
        int status = ptrace.status();
        if (tid == pid && WaitStatus.stopped(status)) {
            return -1;
        }
        return WaitStatus.exited(status) ? WaitStatus.exitCode(status)
                : 128 + WaitStatus.termSignal(status);
    }

    private static void addOpen(LibC libc, Pointer actions, int fd, String path, int flags) {
        if (path != null) {
            int r = libc.posix_spawn_file_actions_addopen(actions, fd, path, flags, 0644);
            if (r != 0) {
                throw new SysCallException(r, "posix_spawn_file_actions_addopen(" + path + ")");
            }
        }
    }

    private static Pointer stringArray(Runtime rt, List<String> strings, List<Pointer> keep) {
        Pointer array = Memory.allocateDirect(rt, (strings.size() + 1) * 8L, true);
        for (int i = 0; i < strings.size(); i++) {
            byte[] b = strings.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(rt, b.length + 1, true);
            s.put(0, b, 0, b.length);
            keep.add(s);
            array.putAddress(i * 8L, s.address());
        }
        array.putAddress(strings.size() * 8L, 0L);
        keep.add(array);
        return array;
    }
}
