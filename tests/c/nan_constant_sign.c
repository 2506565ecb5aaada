/* The sign of constant NaNs: -NAN through float -> double promotion (argument
   promotion and casts), and NaNs made from numbers by constant arithmetic (positive),
   in initializers and in expressions, which clang folds even at -O0. (A NaN made at
   run time has an unspecified sign in LIR: docs/frontends.md, known deviations.) */
#include <stdio.h>
#include <math.h>
#include <string.h>
static double g = 0.0/0.0;
static float gf = -(0.0f/0.0f);
int main(void) {
    printf("%f %f\n", -NAN, NAN);
    printf("%f %f\n", (double)-NAN, (double)(float)-__builtin_nan(""));
    unsigned bits;
    memcpy(&bits, &gf, 4);
    printf("%f %08x\n", g, bits);
    printf("%f\n", (double)(0.0f/0.0f));
    printf("%f %f %f\n", 0.0 / 0.0, -(0.0 / 0.0), (double)(0.0f / 0.0f) * 2.0);
    printf("%f %f\n", 1e308 * 10.0 - 1e308 * 10.0, (float)1e39 - (float)1e39);
    float f = -NAN;
    printf("%d\n", f != f);
    return 0;
}
