// native: differs (long, size_t and pointers are 32-bit on wasm32)
/* Every predefined limit macro of <limits.h>, <stdint.h> and <stdlib.h> (the
   intmax ones included), with the sizes of their types. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
int main(void) {
    printf("%d %d\n", EXIT_SUCCESS, EXIT_FAILURE);
    printf("%d %d %d %d %d %d\n", SCHAR_MIN, SCHAR_MAX, UCHAR_MAX, CHAR_MIN, CHAR_MAX, CHAR_BIT);
    printf("%d %d %d %d %u\n", SHRT_MIN, SHRT_MAX, USHRT_MAX, INT_MIN, UINT_MAX);
    printf("%ld %ld %lu\n", LONG_MIN, LONG_MAX, ULONG_MAX);
    printf("%lld %lld %llu\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    printf("%d %d %d %d %d %d\n", INT8_MIN, INT8_MAX, UINT8_MAX, INT16_MIN, INT16_MAX, UINT16_MAX);
    printf("%d %d %u\n", INT32_MIN, INT32_MAX, UINT32_MAX);
    printf("%lld %lld %llu\n", INT64_MIN, INT64_MAX, UINT64_MAX);
    printf("%lu %ld %ld\n", SIZE_MAX, PTRDIFF_MIN, PTRDIFF_MAX);
    printf("%ld %ld %lu\n", INTPTR_MIN, INTPTR_MAX, UINTPTR_MAX);
    printf("%lld %lld %llu\n", INTMAX_MIN, INTMAX_MAX, UINTMAX_MAX);
    printf("%d %d\n", true, false);
    printf("%d %d\n", RAND_MAX, EOF);
    printf("%d\n", NULL == 0);
    printf("%d %d %d\n", (int)sizeof(SIZE_MAX), (int)sizeof(INT64_MAX), (int)sizeof(UINT32_MAX));
    printf("%d %d\n", (int)sizeof(LONG_MAX), (int)sizeof(ULONG_MAX));
    printf("%d %d\n", (int)sizeof(UINT16_MAX), (int)sizeof(UINT8_MAX));
    printf("%d\n", (int)sizeof(NULL));
    return EXIT_SUCCESS;
}
