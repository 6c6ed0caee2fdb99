package dev.hindsight.collect.sys;

/** Decodes a {@code waitpid} status word as the glibc W* macros do, plus ptrace's event bits. */
public final class WaitStatus {
    private WaitStatus() {
    }

    /** WIFEXITED: the thread exited normally. */
    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    /** WEXITSTATUS. */
    public static int exitCode(int status) {
        return (status >> 8) & 0xff;
    }

    /** WIFSIGNALED: the thread was killed by a signal. */
    public static boolean signaled(int status) {
        int low = status & 0x7f;
        return low != 0 && low != 0x7f;
    }

    /** WTERMSIG. */
    public static int termSignal(int status) {
        return status & 0x7f;
    }

    /** WIFSTOPPED: the thread is in a stop (signal, group or ptrace event stop). */
    public static boolean stopped(int status) {
        return (status & 0xff) == 0x7f;
    }

    /** WSTOPSIG. */
    public static int stopSignal(int status) {
        return (status >> 8) & 0xff;
    }

    /** The PTRACE_EVENT_* number of an event stop, 0 for a plain signal stop. */
    public static int event(int status) {
        return status >>> 16;
    }
}
