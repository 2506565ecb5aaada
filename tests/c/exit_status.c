// exit: 3
/* exit() from deep inside the program flushes stdout and sets the status. */
#include <stdio.h>
#include <stdlib.h>

static void check(int depth)
{
    printf("depth %d\n", depth);
    if (depth == 3) {
        printf("exiting with %d (no newline after this)", depth);
        exit(depth);
    }
    check(depth + 1);
    printf("never printed\n");
}

int main(void)
{
    int i;
    for (i = 0; i < 500; i++)
        printf("line %d of buffered output that must not be lost\n", i);
    check(0);
    return 0;
}
