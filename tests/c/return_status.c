// exit: 42
/* The value returned by main is the exit status. */
#include <stdio.h>

static int compute(void)
{
    int s = 0, i;
    for (i = 1; i <= 8; i++)
        s += i;
    return s + 6;
}

int main(void)
{
    printf("returning %d\n", compute());
    return compute();
}
