/* Executes itself once more with an argument; the second image exits with 4. */
#include <unistd.h>
int main(int argc, char **argv) {
    if (argc == 1) execl(argv[0], argv[0], "again", (char *) 0);
    return 4;
}
