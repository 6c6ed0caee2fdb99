/* A counted loop; exits with 7. The iteration count is argv[1] (default 1000). */
#include <stdlib.h>
volatile long sink;
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000;
    for (long i = 0; i < n; i++) sink += i;
    return 7;
}
