/* volatile objects: every access happens, even in loops the optimiser
   would otherwise fold. */
#include <stdio.h>

volatile int ticks;
static volatile unsigned char status_reg = 0x80;

static void spin(volatile int *flag, int rounds)
{
    int i;
    for (i = 0; i < rounds; i++)
        *flag = *flag + 1;
}

struct device {
    volatile int ready;
    int data;
};

int main(void)
{
    volatile int v = 0;
    volatile double dv = 0.5;
    int i, reads = 0;
    struct device dev = {0, 0};
    volatile int arr[4] = {1, 2, 3, 4};
    int *plain;

    for (i = 0; i < 1000; i++)
        v += i;
    printf("v = %d\n", v);
    spin(&ticks, 250);
    spin(&ticks, 250);
    printf("ticks = %d\n", ticks);
    while (status_reg & 0x80) {
        reads++;
        if (reads == 3)
            status_reg = 0;
    }
    printf("status polled %d times\n", reads);
    for (i = 0; i < 10; i++)
        dv = dv * 2;
    printf("dv = %f\n", dv);
    dev.ready = 1;
    dev.data = dev.ready + 41;
    printf("dev: %d %d\n", dev.ready, dev.data);
    arr[2] += 10;
    printf("arr: %d %d %d %d\n", arr[0], arr[1], arr[2], arr[3]);
    plain = (int *)&dev.data; /* a non-volatile member of a struct with a volatile one */
    *plain = 7;
    printf("dev.data through a plain pointer: %d\n", dev.data);
    {
        volatile int *const p = &v;
        (*p)++;
        ++*p;
        printf("v = %d\n", *p);
    }
    return 0;
}
