package dev.hindsight.collect.sys;

/**
 * A system call that failed: the call as written (e.g. {@code ptrace(PTRACE_SEIZE, 1234)}) and the
 * errno it left, by name. Its message is one line, fit for the user.
 */
public final class SysCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String call;

    /** A failure of {@code call} with error number {@code errno}. */
    public SysCallException(int errno, String call) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")", null, false,
                false);
        this.errno = errno;
        this.call = call;
    }

    /** The error number, e.g. 1 for EPERM. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EPERM}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The call that failed, with its arguments. */
    public String call() {
        return call;
    }
}
