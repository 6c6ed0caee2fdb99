/* Forks a child that exits with 5; the parent, single-stepped, waits and exits with 5 + 1. The
 * child runs untraced: the kernel clears single-stepping in a forked child. */
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    pid_t pid = fork();
    if (pid == 0) _exit(5);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) + 1 : 1;
}
