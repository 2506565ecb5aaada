/* while, do/while and for loops with break and continue, declarations in
   for, nested loops, and loops that run zero times. */
#include <stdio.h>

int main(void)
{
    int i, j, n;
    int primes = 0;

    for (int k = 0; k < 3; k++)
        printf("for-decl k=%d\n", k);
    for (int k = 10, m = 0; k > m; k -= 3, m++)
        printf("k=%d m=%d\n", k, m);

    i = 0;
    while (i < 100) {
        i += 7;
        if (i % 2)
            continue;
        if (i > 50)
            break;
        printf("even multiple of 7: %d\n", i);
    }
    printf("stopped at %d\n", i);

    n = 0;
    do {
        n++;
    } while (n < 0);
    printf("do-while body ran %d time(s)\n", n);

    n = 12345;
    i = 0;
    do {
        i += n % 10;
        n /= 10;
    } while (n);
    printf("digit sum of 12345 = %d\n", i);

    for (i = 2; i < 60; i++) {
        for (j = 2; j * j <= i; j++)
            if (i % j == 0)
                break;
        if (j * j <= i)
            continue;
        primes++;
        printf("%d ", i);
    }
    printf("\n%d primes below 60\n", primes);

    for (i = 0; i < 0; i++)
        printf("never\n");
    while (0)
        printf("never\n");
    for (i = 0;; i++)
        if (i == 4)
            break;
    printf("infinite for left at %d\n", i);

    /* continue in do-while jumps to the condition */
    i = 0;
    n = 0;
    do {
        i++;
        if (i % 3 == 0)
            continue;
        n += i;
    } while (i < 10);
    printf("do-while with continue: n=%d\n", n);

    /* nested loops with labels-free early exits */
    {
        int found = -1;
        for (i = 0; i < 10 && found < 0; i++)
            for (j = 0; j < 10; j++)
                if (i * j == 42) {
                    found = i * 10 + j;
                    break;
                }
        printf("first i*j==42 at %d\n", found);
    }
    /* loop variable scoping */
    {
        int k = 100;
        for (int k = 0; k < 2; k++)
            ;
        printf("outer k still %d\n", k);
    }
    /* countdown with unsigned wraps if done carelessly */
    {
        unsigned int u;
        int count = 0;
        for (u = 5; u-- > 0;)
            count++;
        printf("unsigned countdown ran %d times\n", count);
    }
    return 0;
}
