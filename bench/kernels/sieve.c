/* sieve: sieve of Eratosthenes over a byte array, repeated; prints the prime count. */
#include <stdio.h>

#define LIMIT 2000000
static unsigned char flags[LIMIT + 1];

static int get(int i) { return flags[i]; }
static void set(int i, int v) { flags[i] = (unsigned char)v; }
/* Same body as get; the LIR version calls both. */
static int get_flag(int i) { return flags[i]; }

static int sieve(int n) {
    int i = 2;
    while (i <= n) {
        set(i, 1);
        i = i + 1;
    }
    i = 2;
    while (i <= n) {
        if (get(i)) {
            int j = i + i;
            while (j <= n) {
                set(j, 0);
                j = j + i;
            }
        }
        i = i + 1;
    }
    int count = 0;
    i = 2;
    while (i <= n) {
        count = count + get_flag(i);
        i = i + 1;
    }
    return count;
}

int main(void) {
    int n = 2000 * 1000;
    int rounds = 5 * 10;
    int total = 0;
    int count = 0;
    int r = 0;
    while (r < rounds) {
        count = sieve(n);
        total = total + count;
        r = r + 1;
    }
    printf("primes below %d: %d\n", n, count);
    printf("total: %d\n", total);
    return 0;
}
