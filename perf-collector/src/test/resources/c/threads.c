/* Two threads that each run a loop; the main one joins the other and exits with 3. */
#include <pthread.h>
volatile long counters[2];
static void *work(void *arg) {
    long k = (long) arg;
    for (long i = 0; i < 200; i++) counters[k] += i;
    return 0;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, work, (void *) 1L);
    work((void *) 0L);
    pthread_join(t, 0);
    return 3;
}
