/* A minimal single-stepper: the baseline that SingleStepEngine's per-step cost is compared with,
 * and an independent count of taken branches for the software recorder's tests.
 * usage: stepper [-R] [-t FILE] PROG ARGS...   (-R: ASLR off; -t: write "tid pc" of every stop)
 * prints: steps N branches M threads T exit E seconds S
 * A branch is counted when a thread's next pc lies outside [pc, pc + 15]. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXT 256
static int tids[MAXT];
static unsigned long long pcs[MAXT];
static int nt;

static int slot(int tid) {
    for (int i = 0; i < nt; i++) if (tids[i] == tid) return i;
    tids[nt] = tid; pcs[nt] = 0; return nt++;
}

int main(int argc, char **argv) {
    int arg = 1, noaslr = 0;
    FILE *trace = 0;
    if (arg < argc && strcmp(argv[arg], "-R") == 0) { noaslr = 1; arg++; }
    if (arg + 1 < argc && strcmp(argv[arg], "-t") == 0) { trace = fopen(argv[arg + 1], "w"); arg += 2; }
    if (arg >= argc) { fprintf(stderr, "usage: stepper [-R] PROG ARGS...\n"); return 2; }
    pid_t pid = fork();
    if (pid == 0) {
        if (noaslr) personality(personality(0xffffffff) | ADDR_NO_RANDOMIZE);
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        execv(argv[arg], argv + arg);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0); /* the exec SIGTRAP */
    ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);
    struct user_regs_struct regs;
    ptrace(PTRACE_GETREGS, pid, 0, &regs);
    pcs[slot(pid)] = regs.rip;
    if (trace) fprintf(trace, "%d %llx\n", pid, regs.rip);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long steps = 0, branches = 0;
    int threads = 1, exitcode = -1, tid = pid, sig = 0;
    for (;;) {
        ptrace(PTRACE_SINGLESTEP, tid, 0, sig);
        sig = 0;
        tid = waitpid(-1, &status, __WALL);
        if (tid < 0) break;
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (tid == pid) exitcode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            /* wait for the next stopped thread without resuming anyone */
            for (;;) {
                tid = waitpid(-1, &status, __WALL);
                if (tid < 0) goto done;
                if (WIFEXITED(status) || WIFSIGNALED(status)) {
                    if (tid == pid) exitcode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                    continue;
                }
                break;
            }
        }
        int s = slot(tid);
        int stopsig = WSTOPSIG(status), event = status >> 16;
        if (event == PTRACE_EVENT_CLONE) continue;
        if (pcs[s] == 0) { /* a new thread's first stop */
            threads++;
            ptrace(PTRACE_GETREGS, tid, 0, &regs);
            pcs[s] = regs.rip;
            continue;
        }
        if (stopsig != SIGTRAP) { sig = stopsig; continue; }
        ptrace(PTRACE_GETREGS, tid, 0, &regs);
        steps++;
        if (trace) fprintf(trace, "%d %llx\n", tid, regs.rip);
        if (regs.rip < pcs[s] || regs.rip > pcs[s] + 15) branches++;
        pcs[s] = regs.rip;
    }
done:
    if (trace) fclose(trace);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("steps %llu branches %llu threads %d exit %d seconds %.6f\n", steps, branches, threads,
           exitcode, secs);
    return 0;
}
