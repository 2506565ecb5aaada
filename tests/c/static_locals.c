/* Static local variables keep their values between calls; static
   globals and functions have internal linkage. */
#include <stdio.h>

static int global_calls;

static int counter(void)
{
    static int n; /* zero-initialised once */
    global_calls++;
    return ++n;
}

static int fib_memo(int k)
{
    static long long memo[50];
    static int filled = 0;
    if (!filled) {
        memo[0] = 0;
        memo[1] = 1;
        filled = 2;
    }
    while (filled <= k) {
        memo[filled] = memo[filled - 1] + memo[filled - 2];
        filled++;
    }
    return (int)(memo[k] % 1000000007);
}

static const char *next_word(void)
{
    static const char *words[] = {"alpha", "beta", "gamma"};
    static int i = 0;
    const char *w = words[i];
    i = (i + 1) % 3;
    return w;
}

static int *remember(int v)
{
    static int slot = 100;
    slot += v;
    return &slot; /* valid after return: static storage */
}

static double running_mean(double x)
{
    static double sum = 0.0;
    static int count = 0;
    sum += x;
    count++;
    return sum / count;
}

int main(void)
{
    int i;
    int *p;
    for (i = 0; i < 5; i++)
        printf("counter: %d\n", counter());
    printf("global_calls = %d\n", global_calls);
    printf("fib(10) = %d, fib(45) = %d, fib(20) = %d\n", fib_memo(10), fib_memo(45), fib_memo(20));
    for (i = 0; i < 5; i++)
        printf("%s ", next_word());
    printf("\n");
    p = remember(5);
    remember(10);
    printf("slot = %d\n", *p);
    *p = 0;
    printf("slot after reset + 1 = %d\n", *remember(1));
    printf("means: %.3f", running_mean(1));
    printf(" %.3f", running_mean(2));
    printf(" %.3f\n", running_mean(6));
    {
        /* a static in a block */
        int k;
        for (k = 0; k < 3; k++) {
            static int hits = 10;
            int fresh = 10;
            hits++;
            fresh++;
            printf("hits=%d fresh=%d\n", hits, fresh);
        }
    }
    return 0;
}
