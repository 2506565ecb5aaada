/* Division and remainder: truncation toward zero for negatives. */
#include <stdio.h>

int main(void)
{
    int a[] = {7, -7, 7, -7, 0, 1, -1, 2147483647, -2147483647 - 1};
    int b[] = {2, 2, -2, -2, 5, -3, 3, 10, 7};
    int i;
    for (i = 0; i < 9; i++)
        printf("%d / %d = %d, %d %% %d = %d\n", a[i], b[i], a[i] / b[i], a[i], b[i], a[i] % b[i]);
    printf("unsigned: 7u / 2u = %u, 4294967295u %% 10u = %u\n", 7u / 2u, 4294967295u % 10u);
    printf("long long: %lld %lld %lld %lld\n", -9000000000ll / 7, -9000000000ll % 7, 9000000000ll / -7,
           9000000000ll % -7);
    printf("ull: %llu %llu\n", 18446744073709551615ull / 3, 18446744073709551615ull % 1000);
    {
        /* (a / b) * b + a % b == a */
        int ok = 1, x, y;
        for (x = -50; x <= 50; x++)
            for (y = -9; y <= 9; y++)
                if (y != 0 && (x / y) * y + x % y != x)
                    ok = 0;
        printf("identity holds: %d\n", ok);
    }
    {
        /* division by powers of two vs shifts on negatives differ */
        int n = -9;
        printf("-9 / 4 = %d, -9 >> 2 = %d, -9 %% 4 = %d, -9 & 3 = %d\n", n / 4, n >> 2, n % 4, n & 3);
    }
    {
        short s = -300;
        signed char c = -7;
        printf("short/char: %d %d %d\n", s / c, s % c, c / 2);
    }
    return 0;
}
