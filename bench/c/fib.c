// small: 20
/* fib: naive doubly recursive Fibonacci (call-heavy integer code).
   Usage: fib [N]   (default 40) */
#include <stdio.h>
#include <stdlib.h>

static int fib(int n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 40;
    printf("fib(%d) = %d\n", n, fib(n));
    return 0;
}
