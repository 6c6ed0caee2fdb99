package dev.hindsight.collect.internal.sys;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The C library functions the collector calls, with their C signatures copied (glibc, Linux
 * x86-64).
 *
 * <p>jnr-ffi 2.2.16 drops the sixth argument of a six-argument function bound with only primitive
 * parameters (seen with strace: garbage in r9). The six-argument functions are therefore declared
 * with one trailing unused argument, which the x86-64 calling convention lets the callee ignore;
 * {@code LibCTest} pins this. Pointers that the hot paths pass are plain {@code long} addresses of direct memory, so
 * jnr-ffi can compile the call into its fastest primitive-only stub.
 *
 * <p>Every function saves {@code errno}; the facades in {@code dev.hindsight.collect.sys} read it
 * right after a call returns -1.
 */
@SaveError
public interface LibC {
    /** {@code long ptrace(enum __ptrace_request request, pid_t pid, void *addr, void *data)}. */
    long ptrace(long request, long pid, long addr, long data);

    /** {@code pid_t waitpid(pid_t pid, int *wstatus, int options)}. */
    int waitpid(int pid, long wstatus, int options);

    /**
     * {@code long syscall(long number, ...)}: used for perf_event_open, which glibc lacks.
     */
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    long mmap(long addr, long length, int prot, int flags, int fd, long offset, long unused);

    /** {@code int munmap(void *addr, size_t length)}. */
    int munmap(long addr, long length);

    /** {@code int ioctl(int fd, unsigned long request, ...)} with one integer argument. */
    int ioctl(int fd, long request, long arg);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    long read(int fd, long buf, long count);

    /**
     * {@code ssize_t process_vm_readv(pid_t pid, const struct iovec *local_iov, unsigned long
     * liovcnt, const struct iovec *remote_iov, unsigned long riovcnt, unsigned long flags)}.
     */
    long process_vm_readv(int pid, long localIov, long liovcnt, long remoteIov, long riovcnt,
            long flags, long unused);

    /** {@code int personality(unsigned long persona)}. */
    int personality(long persona);

    /** {@code int kill(pid_t pid, int sig)}. */
    int kill(int pid, int sig);

    /** {@code int tgkill(pid_t tgid, pid_t tid, int sig)}. */
    int tgkill(int tgid, int tid, int sig);

    /** {@code int getrlimit(int resource, struct rlimit *rlim)}. */
    int getrlimit(int resource, long rlim);

    /**
     * {@code int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t
     * *file_actions, const posix_spawnattr_t *attrp, char *const argv[], char *const envp[])}.
     * Returns an error number rather than setting errno.
     */
    int posix_spawn(Pointer pid, String path, Pointer fileActions, Pointer attrp, Pointer argv,
            Pointer envp);

    /** {@code int posix_spawn_file_actions_init(posix_spawn_file_actions_t *file_actions)}. */
    int posix_spawn_file_actions_init(Pointer fileActions);

    /** {@code int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *file_actions)}. */
    int posix_spawn_file_actions_destroy(Pointer fileActions);

    /**
     * {@code int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *file_actions, int
     * fildes, const char *path, int oflag, mode_t mode)}.
     */
    int posix_spawn_file_actions_addopen(Pointer fileActions, int fd, String path, int oflag,
            int mode);
}
