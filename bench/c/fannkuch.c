// small: 7
/* fannkuch-redux: the Benchmarks Game pancake-flipping permutation
   benchmark (small arrays, branches), repeated 3 times so the default
   size runs long enough.  Usage: fannkuch [N]   (default 10) */
#include <stdio.h>
#include <stdlib.h>

static int fannkuch(int n, int *max_flips_out)
{
    int perm[16], perm1[16], count[16];
    int max_flips = 0, checksum = 0, perm_count = 0;
    int r, i;
    for (i = 0; i < n; i++)
        perm1[i] = i;
    r = n;
    for (;;) {
        int flips = 0, k;
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        for (i = 0; i < n; i++)
            perm[i] = perm1[i];
        while ((k = perm[0]) != 0) {
            int lo = 0, hi = k;
            while (lo < hi) {
                int t = perm[lo];
                perm[lo] = perm[hi];
                perm[hi] = t;
                lo++;
                hi--;
            }
            flips++;
        }
        if (flips > max_flips)
            max_flips = flips;
        checksum += perm_count % 2 == 0 ? flips : -flips;
        /* next permutation */
        for (;;) {
            int perm0;
            if (r == n) {
                *max_flips_out = max_flips;
                return checksum;
            }
            perm0 = perm1[0];
            for (i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = perm0;
            count[r]--;
            if (count[r] > 0)
                break;
            r++;
        }
        perm_count++;
    }
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10;
    int round, checksum = 0, max_flips = 0;
    if (n < 1 || n > 15) {
        printf("N must be 1..15\n");
        return 1;
    }
    for (round = 0; round < 3; round++)
        checksum = fannkuch(n, &max_flips);
    printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, max_flips);
    return 0;
}
