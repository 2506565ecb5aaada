/* Conversions between integers and floating point. */
#include <stdio.h>

int main(void)
{
    double vals[] = {0.0, 0.9, -0.9, 1.5, -1.5, 2.5, 1e9, -2147483648.0, 2147483647.9, 123456789.987};
    int i;
    for (i = 0; i < 10; i++)
        printf("(int)%.3f = %d\n", vals[i], (int)vals[i]);
    printf("(unsigned)3e9 = %u, (unsigned)4294967295.5 = %u\n", (unsigned)3e9, (unsigned)4294967295.5);
    printf("(long long)1e18 = %lld, (long long)-9.2e18 = %lld\n", (long long)1e18, (long long)-9.2e18);
    printf("(unsigned long long)1.8e19 = %llu\n", (unsigned long long)1.8e19);
    printf("(char)65.7 = %c, (unsigned char)255.9 = %d, (short)-32768.5 = %d\n", (char)65.7, (unsigned char)255.9,
           (short)-32768.5);
    printf("(double)2147483647 = %.1f, (float)2147483647 = %.1f\n", (double)2147483647, (float)2147483647);
    printf("(double)4294967295u = %.1f, (double)-1 = %.1f\n", (double)4294967295u, (double)-1);
    printf("(double)9007199254740993ll = %.1f (rounds to even)\n", (double)9007199254740993ll);
    printf("(float)16777217 = %.1f, (float)16777219 = %.1f\n", (float)16777217, (float)16777219);
    printf("(double)18446744073709551615ull = %.1f\n", (double)18446744073709551615ull);
    printf("(double)(unsigned long long)1 << 63 = %.1f\n", (double)(1ull << 63));
    printf("(double)-9223372036854775807ll = %.1f\n", (double)(-9223372036854775807ll - 1));
    printf("(float)1e-46 = %g, (float)3.4e38 = %g, (float)0.1 = %.10f\n", (float)1e-46, (float)3.4e38, (float)0.1);
    printf("(float)1.00000005 = %.10f, (float)1.00000006 = %.10f\n", (float)1.00000005, (float)1.00000006);
    {
        /* implicit conversions in assignments and arguments */
        int n = 7;
        double d = n / 2;
        double e = n / 2.0;
        float f = n;
        int back = (int)(e * 2);
        unsigned char uc = (unsigned char)300.0;
        printf("d=%f e=%f f=%f back=%d\n", d, e, f, back);
        (void)uc;
    }
    {
        /* int -> float -> int round trips */
        int ok = 1;
        for (i = -100000; i <= 100000; i += 7)
            if ((int)(float)i != i || (int)(double)i != i)
                ok = 0;
        printf("round trips ok: %d\n", ok);
    }
    {
        /* converting large unsigned values */
        unsigned int u = 0xFFFFFFFFu;
        float fu = (float)u;
        double du = u;
        printf("float(0xFFFFFFFF) = %.1f, double = %.1f\n", fu, du);
        printf("(unsigned)(double)0xFFFFFFFF = %u\n", (unsigned)du);
    }
    return 0;
}
