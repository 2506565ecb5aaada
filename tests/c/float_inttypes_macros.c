/* The <float.h> limits, HUGE_VAL and INFINITY, and the PRI... format macros of
   <inttypes.h>, which tinyc predefines. */
// native: differs (glibc prints the subnormal DBL_TRUE_MIN unnormalized in %a)
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <inttypes.h>
#include <stdint.h>
int main(void) {
    printf("%d %d %d %d %d %d %d %d %d %d %d %d %d\n", FLT_RADIX, FLT_MANT_DIG, DBL_MANT_DIG, FLT_DIG, DBL_DIG, FLT_MIN_EXP, DBL_MIN_EXP, FLT_MAX_EXP, DBL_MAX_EXP, FLT_MIN_10_EXP, DBL_MIN_10_EXP, FLT_MAX_10_EXP, DBL_MAX_10_EXP);
    printf("%a %a %a %a %a %a %a %a\n", FLT_MAX, DBL_MAX, FLT_MIN, DBL_MIN, FLT_EPSILON, DBL_EPSILON, FLT_TRUE_MIN, DBL_TRUE_MIN);
    printf("%d %d %d %d\n", (int)sizeof(FLT_MAX), (int)sizeof(DBL_MAX), (int)sizeof(HUGE_VAL), (int)sizeof(INFINITY));
    printf("%f %f %f %d\n", HUGE_VAL, -HUGE_VAL, INFINITY, INFINITY > DBL_MAX);
    float f = 1.0f; printf("%d %d\n", f + FLT_EPSILON > f, f + FLT_EPSILON / 2 > f);
    int8_t a = -5; int16_t b = -300; int32_t c = -70000; int64_t d = -5000000000LL;
    uint8_t e = 250; uint16_t g = 65000; uint32_t h = 4000000000u; uint64_t i = 18000000000000000000ULL;
    intmax_t j = -1; uintptr_t k = 4096;
    printf("%" PRId8 " %" PRIi16 " %" PRId32 " %" PRId64 " %" PRIdMAX "\n", a, b, c, d, j);
    printf("%" PRIu8 " %" PRIx16 " %" PRIX32 " %" PRIu64 " %" PRIo64 " %" PRIxPTR "\n", e, g, h, i, i, k);
    printf("%10" PRId64 "|%-8" PRIx32 "|\n", d, h);
    return 0;
}
