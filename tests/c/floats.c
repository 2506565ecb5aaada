/* float and double arithmetic, printed with %f %e %g at several
   precisions. */
#include <stdio.h>
#include <math.h>

static double horner(const double *c, int n, double x)
{
    double r = 0;
    int i;
    for (i = n - 1; i >= 0; i--)
        r = r * x + c[i];
    return r;
}

static double newton_sqrt(double a)
{
    double x = a > 1 ? a : 1;
    int i;
    for (i = 0; i < 60; i++)
        x = 0.5 * (x + a / x);
    return x;
}

int main(void)
{
    double a = 1.0 / 3.0, b = 2.0 / 3.0;
    float fa = 1.0f / 3.0f, fb = 0.1f;
    double coeffs[] = {1, -2, 0.5, 3};
    double sum = 0;
    float fsum = 0;
    int i;

    printf("a=%f b=%.10f a+b=%.17g\n", a, b, a + b);
    printf("fa=%.10f (float precision), (double)fa=%.17g\n", fa, (double)fa);
    printf("0.1f=%.12f 0.1=%.20f\n", fb, 0.1);
    printf("%e %E %.3e %.0e %12.4e|\n", 123456.789, 0.000123, 6.02214076e23, 5e-7, -1.5);
    printf("%g %g %g %g %g %g\n", 100000.0, 1000000.0, 1e-4, 1e-5, 0.5, 123.456);
    printf("%.3g %.10g %G %g\n", 3.14159, 2.0 / 7.0, 1.5e-20, 1e100);
    for (i = 0; i < 10; i++)
        sum += 0.1;
    printf("0.1 summed 10 times = %.17g, == 1.0: %d\n", sum, sum == 1.0);
    for (i = 0; i < 10; i++)
        fsum += 0.1f;
    printf("float sum = %.9g, == 1.0f: %d\n", fsum, fsum == 1.0f);
    printf("horner = %.6f\n", horner(coeffs, 4, 1.5));
    printf("newton sqrt(2) = %.15f, sqrt(2) = %.15f\n", newton_sqrt(2), sqrt(2.0));
    printf("fabs(-2.5)=%g floor(-2.5)=%g ceil(-2.5)=%g floor(2.5)=%g ceil(2.5)=%g\n", fabs(-2.5), floor(-2.5),
           ceil(-2.5), floor(2.5), ceil(2.5));
    {
        /* float arithmetic stays in float */
        float x = 16777216.0f;
        float y = x + 1.0f;
        double dx = 16777216.0;
        printf("2^24 + 1 in float = %.1f, in double = %.1f\n", y, dx + 1.0);
        printf("float mul: %.9g, div: %.9g\n", 1.1f * 1.1f, 1.0f / 3.0f);
    }
    {
        /* huge and tiny values, infinity, signed zero */
        double big = 1e308, tiny = 1e-308;
        double inf = big * 10;
        double negzero = -0.0;
        printf("big*10 = %f, -big*10 = %e, tiny/1e10 = %g\n", inf, -inf, tiny / 1e10);
        printf("inf > big: %d, -inf < -big: %d\n", inf > big, -inf < -big);
        printf("negzero = %f %g %e, == 0.0: %d\n", negzero, negzero, negzero, negzero == 0.0);
        printf("1e22 = %.0f, 1e23 = %.0f, 2^63 = %.0f\n", 1e22, 1e23, 9223372036854775808.0);
        printf("max = %g, min normal = %g, denormal = %g\n", 1.7976931348623157e308, 2.2250738585072014e-308,
               4.9406564584124654e-324);
    }
    {
        /* rounding in printf: ties go to even on the exact binary value */
        printf("%.0f %.0f %.0f %.0f %.1f %.1f %.2f %.2f\n", 0.5, 1.5, 2.5, 3.5, 0.25, 0.35, 1.005, 2.675);
        printf("%.3f %.3f %.1f\n", 1.0005, 1.0015, 9.95);
    }
    {
        /* widths, flags */
        double v = 3.14159265;
        printf("[%10.3f] [%-10.3f] [%+.2f] [% .2f] [%010.4f] [%.0f] [%#.0f]\n", v, v, v, v, -v, v, v);
        printf("[%12e] [%-12.2e] [%+g] [%8g] [%-8g] [%08.3g]\n", v, v, v, v, v, -v);
    }
    {
        /* comparisons and conversions between float and double */
        float f = 0.1f;
        double d = 0.1;
        printf("0.1f == 0.1: %d, (float)0.1 == 0.1f: %d, f < d: %d\n", f == d, (float)d == f, f < d);
    }
    return 0;
}
