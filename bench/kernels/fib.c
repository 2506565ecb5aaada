/* fib: naive recursive Fibonacci (call-heavy integer code). */
#include <stdio.h>

static int is_small(int n) { return n < 2; }

static int fib(int n) {
    if (is_small(n)) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

/* Same body as is_small; the LIR version calls both. */
static int is_base_case(int n) { return n < 2; }

int main(void) {
    int n = 30 + 10;
    int result = fib(n);
    if (is_base_case(result)) {
        printf("unexpected\n");
    }
    printf("fib(%d) = %d\n", n, result);
    return 0;
}
