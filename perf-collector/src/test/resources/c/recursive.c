/* A recursive function; exits with fib(n) % 256 where n is argv[1] (default 10). */
#include <stdlib.h>
static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10;
    return fib(n) % 256;
}
