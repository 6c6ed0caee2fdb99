/*
 * Hindsight's demo program: recursion, calls through a function pointer and a loop. It brings
 * its own _start instead of the C library's, so that the recording holds only this program's
 * instructions (a few thousand) and its call history fits on a screen.
 */

/* Keeps the compiler from folding the work away at compile time. */
static volatile int input = 6;

__attribute__((noinline)) static int square(int x) {
    return x * x;
}

__attribute__((noinline)) static int twice(int x) {
    return x + x;
}

/* Indirect calls: the branch target comes from this table at run time. */
static int (*const volatile ops[])(int) = { square, twice };

__attribute__((noinline)) static unsigned factorial(unsigned n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
}

__attribute__((noinline)) static int apply(int (*op)(int), int x) {
    return op(x);
}

__attribute__((noinline)) static int checksum(int rounds) {
    int sum = 0;
    for (int i = 0; i < rounds; i++) {
        sum += (i * 7) % 13;
    }
    return sum;
}

int main(void) {
    int n = input;
    int result = (int) factorial(n);
    for (int i = 0; i < 2; i++) {
        result += apply(ops[i], n);
    }
    result += checksum(300);
    return result < 0; /* never: exit status 0 */
}

/* The entry point: no C library, so main's value goes straight to exit(2). */
__attribute__((noreturn, force_align_arg_pointer)) void _start(void) {
    int code = main();
    __asm__ volatile("syscall" : : "a"(60), "D"(code));
    __builtin_unreachable();
}
