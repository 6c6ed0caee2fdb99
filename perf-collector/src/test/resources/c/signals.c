/* Catches SIGUSR1 that it raises itself: exits 11 if the handler ran. With an argument it then
 * dereferences NULL and dies of SIGSEGV. */
#include <signal.h>
static volatile int got;
static void handler(int sig) { got = sig; }
int main(int argc, char **argv) {
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    if (argc > 1) *(volatile int *) 0 = 1;
    return got == SIGUSR1 ? 11 : 1;
}
