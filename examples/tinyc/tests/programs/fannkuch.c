#include <stdio.h>
int fannkuch(int n, int *checksum) {
    int perm[16], perm1[16], count[16];
    int maxflips = 0, permcount = 0, r = n, i;
    *checksum = 0;
    for (i = 0; i < n; i++) perm1[i] = i;
    for (;;) {
        while (r != 1) { count[r - 1] = r; r--; }
        for (i = 0; i < n; i++) perm[i] = perm1[i];
        int flips = 0, k;
        while ((k = perm[0]) != 0) {
            int k2 = (k + 1) >> 1;
            for (i = 0; i < k2; i++) { int t = perm[i]; perm[i] = perm[k - i]; perm[k - i] = t; }
            flips++;
        }
        if (flips > maxflips) maxflips = flips;
        *checksum += permcount % 2 == 0 ? flips : -flips;
        for (;;) {
            if (r == n) return maxflips;
            int perm0 = perm1[0];
            for (i = 0; i < r; i++) perm1[i] = perm1[i + 1];
            perm1[r] = perm0;
            if (--count[r] > 0) break;
            r++;
        }
        permcount++;
    }
}
int main(void) {
    int sum;
    int m = fannkuch(7, &sum);
    printf("%d\nPfannkuchen(%d) = %d\n", sum, 7, m);
    return 0;
}
