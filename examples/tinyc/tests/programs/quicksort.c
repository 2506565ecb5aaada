#include <stdio.h>
#include <stdlib.h>
static unsigned int seed = 12345;
static unsigned int rnd(void) { seed = seed * 1103515245u + 12345u; return (seed >> 16) & 0x7fff; }
static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }
static void qs(int *a, int lo, int hi) {
    if (lo >= hi) return;
    int p = a[(lo + hi) / 2], i = lo, j = hi;
    while (i <= j) {
        while (a[i] < p) i++;
        while (a[j] > p) j--;
        if (i <= j) { swap(&a[i], &a[j]); i++; j--; }
    }
    qs(a, lo, j); qs(a, i, hi);
}
static int cmp(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }
int main(void) {
    int n = 5000;
    int *a = malloc(n * sizeof(int));
    long long sum = 0;
    for (int i = 0; i < n; i++) { a[i] = rnd() - 16000; sum += a[i]; }
    qs(a, 0, n - 1);
    for (int i = 1; i < n; i++) if (a[i-1] > a[i]) { printf("unsorted at %d\n", i); return 1; }
    int (*f)(const void *, const void *) = cmp;
    printf("min %d max %d sum %lld cmp %d\n", a[0], a[n-1], sum, f(&a[0], &a[1]) <= 0);
    free(a);
    return 0;
}
