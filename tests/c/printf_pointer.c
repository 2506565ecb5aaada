// native: differs (glibc prints a null %p as (nil), wasi-libc as 0)
/* %p prints as wasi-libc does (%#x: a null pointer is 0), with width and flags. */
#include <stdio.h>

int main(void) {
    void *null = 0;
    printf("[%p] [%p] [%p]\n", null, (void *)16, (void *)0xffffffffu);
    printf("[%8p] [%-8p] [%12p]\n", null, (void *)0x2a, (void *)0xbeef);
    return 0;
}
