// small: 1000
/* quicksort: sorts an array of N pseudo-random ints (own LCG) with a
   recursive quicksort (median of three, insertion sort for small parts),
   then verifies and checksums it.  Usage: quicksort [N]   (default 5000000) */
#include <stdio.h>
#include <stdlib.h>

static unsigned int state = 12345;

static unsigned int lcg(void)
{
    state = state * 1103515245u + 12345u;
    return state >> 1;
}

static void insertion_sort(int *a, int lo, int hi)
{
    int i, j;
    for (i = lo + 1; i <= hi; i++) {
        int v = a[i];
        for (j = i - 1; j >= lo && a[j] > v; j--)
            a[j + 1] = a[j];
        a[j + 1] = v;
    }
}

static void swap(int *a, int i, int j)
{
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(int *a, int lo, int hi)
{
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        int pivot, i, j;
        if (a[mid] < a[lo])
            swap(a, mid, lo);
        if (a[hi] < a[lo])
            swap(a, hi, lo);
        if (a[hi] < a[mid])
            swap(a, hi, mid);
        pivot = a[mid];
        i = lo;
        j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        /* recurse into the smaller part, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000000;
    int *a = (int *)malloc(n * sizeof(int));
    unsigned int checksum = 0;
    int i, sorted = 1;
    for (i = 0; i < n; i++)
        a[i] = (int)(lcg() % 1000000000u) - 500000000;
    quicksort(a, 0, n - 1);
    for (i = 1; i < n; i++)
        if (a[i - 1] > a[i])
            sorted = 0;
    for (i = 0; i < n; i += 1 + n / 1000)
        checksum = checksum * 33u + (unsigned int)a[i];
    printf("n=%d sorted=%d min=%d max=%d median=%d checksum=%u\n", n, sorted, a[0], a[n - 1], a[n / 2], checksum);
    free(a);
    return 0;
}
