/* Spins for ever; the attach tests trace it. */
volatile unsigned long counter;
int main(void) {
    for (;;) counter++;
}
