/* Constants rounded once to their type, as clang rounds them: float literals
   straight from their digits (not through double), hexadecimal literals exactly,
   and 64-bit integers converted to float in static initializers. */
#include <stdio.h>

/* 1 + 2^-24 + 2^-60: rounded to double first, it would land on a halfway point. */
float lit_dec = 1.00000005960464477630f;
float lit_hex = 0x1.000001000000001p0f;
double hex_below_tie = 0x1.fffffffffffff7ffffp0;
double hex_tie = 0x1.fffffffffffff8p0;
double hex_min = 0x1p-1074;
double hex_half_min = 0x.8p-1073;
float int_to_float = 1152921573326323713LL;          /* 2^60 + 2^36 + 1 */
float uint_to_float = 1152921573326323713ULL;
float neg_to_float = (float)-1152921573326323713LL;
float sums[2] = { 1152921573326323713LL + 0.0f, 16777217 };

int main(void) {
    float local = 1.00000005960464477630f;
    long long v = 1152921573326323713LL;
    volatile long long vv = v;
    float runtime = vv;
    printf("%.10f %.10f %.10f\n", lit_dec, lit_hex, local);
    printf("%.17g %.17g %g %g\n", hex_below_tie, hex_tie, hex_min, hex_half_min);
    printf("%.1f %.1f %.1f\n", int_to_float, uint_to_float, neg_to_float);
    printf("%.1f %.1f %.1f\n", sums[0], sums[1], runtime);
    printf("%d\n", int_to_float == runtime);
    return 0;
}
