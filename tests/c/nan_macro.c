/* <math.h>'s NAN (clang: __builtin_nanf("")) is a positive quiet NaN, float;
   __builtin_nan(""), __builtin_inf() and HUGE_VAL as clang defines them. Bit
   patterns of static and automatic NaNs, comparisons, printing. */
#include <stdio.h>
#include <math.h>
#include <string.h>

static float gf = NAN;
static double gd = NAN;
static double inf = __builtin_inf();
static float inff = __builtin_inff();

int main(void)
{
    float f = NAN;
    double d = __builtin_nan("");
    unsigned u;
    unsigned long long ull;
    memcpy(&u, &f, 4);
    printf("%08x\n", u);
    memcpy(&u, &gf, 4);
    printf("%08x\n", u);
    memcpy(&ull, &gd, 8);
    printf("%016llx\n", ull);
    memcpy(&ull, &d, 8);
    printf("%016llx\n", ull);
    printf("%f %d %d %d %d\n", d, d == d, d != d, f < 1.0f, f > 1.0f);
    printf("%f %f %f %g\n", inf, -HUGE_VAL, (double)inff, fabs(-NAN));
    printf("%d %d %d\n", (int)sizeof(NAN), (int)sizeof(__builtin_nan("")), (int)sizeof(inff));
    return 0;
}
