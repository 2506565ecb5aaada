// native: differs (LONG_MAX, LONG_MIN, ULONG_MAX are 64-bit on LP64)
/* The limits macros tinyc knows, and arithmetic right at the limits. */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>

int main(void)
{
    printf("CHAR_BIT=%d\n", CHAR_BIT);
    printf("SCHAR_MIN=%d SCHAR_MAX=%d UCHAR_MAX=%d CHAR_MIN=%d CHAR_MAX=%d\n", SCHAR_MIN, SCHAR_MAX, UCHAR_MAX,
           CHAR_MIN, CHAR_MAX);
    printf("SHRT_MIN=%d SHRT_MAX=%d USHRT_MAX=%d\n", SHRT_MIN, SHRT_MAX, USHRT_MAX);
    printf("INT_MIN=%d INT_MAX=%d UINT_MAX=%u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("LONG_MIN=%ld LONG_MAX=%ld ULONG_MAX=%lu\n", LONG_MIN, LONG_MAX, ULONG_MAX);
    printf("LLONG_MIN=%lld LLONG_MAX=%lld ULLONG_MAX=%llu\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    printf("EOF=%d RAND_MAX=%d NULL is zero: %d\n", EOF, RAND_MAX, NULL == 0);
    printf("INT_MAX + 1u = %u, INT_MIN - 1ll = %lld\n", INT_MAX + 1u, INT_MIN - 1ll);
    printf("-INT_MIN as unsigned = %u\n", 0u - (unsigned)INT_MIN);
    printf("UINT_MAX + 1 = %u, ULLONG_MAX + 1 = %llu\n", UINT_MAX + 1, ULLONG_MAX + 1);
    printf("INT_MAX / -1 = %d, INT_MIN / 1 = %d, INT_MIN %% -1 is avoided\n", INT_MAX / -1, INT_MIN / 1);
    printf("(short)(SHRT_MAX + 1) = %d, (signed char)(SCHAR_MAX + 1) = %d\n", (short)(SHRT_MAX + 1),
           (signed char)(SCHAR_MAX + 1));
    printf("sizeof(LONG_MAX) = %d, sizeof(INT_MIN) = %d, sizeof(UINT_MAX) = %d\n", (int)sizeof(LONG_MAX),
           (int)sizeof(INT_MIN), (int)sizeof(UINT_MAX));
    printf("LLONG_MAX as double = %.0f\n", (double)LLONG_MAX);
    return 0;
}
