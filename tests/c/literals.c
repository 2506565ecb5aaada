// native: differs (long is 64-bit on LP64, so 2147483648 and L literals change type)
/* Integer literal typing rules under ILP32 (tinyc: long is 32-bit). */
#include <stdio.h>

int main(void)
{
    /* a decimal literal gets the first of int, long, long long that fits */
    printf("sizeof 2147483647 = %d\n", (int)sizeof 2147483647);
    printf("sizeof 2147483648 = %d\n", (int)sizeof 2147483648);
    printf("-2147483648 > 0: %d\n", -2147483648 > 0);
    /* hex and octal literals may also be unsigned */
    printf("sizeof 0x7FFFFFFF = %d, 0xFFFFFFFF > 0: %d, -1 < 0xFFFFFFFF: %d\n", (int)sizeof 0x7FFFFFFF, 0xFFFFFFFF > 0,
           -1 < 0xFFFFFFFF);
    printf("0xFFFFFFFF + 1 = %u\n", 0xFFFFFFFF + 1);
    printf("sizeof 0x100000000 = %d, 0x100000000 = %lld\n", (int)sizeof 0x100000000, 0x100000000);
    printf("037777777777 = %u, -037777777777 = %u\n", 037777777777, -037777777777);
    printf("sizeof 0xFFFFFFFFFFFFFFFF = %d, value %llu\n", (int)sizeof 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF);
    /* suffixes */
    printf("sizeof 1u=%d 1l=%d 1ul=%d 1ll=%d 1ull=%d 1LL=%d 1Ul=%d\n", (int)sizeof 1u, (int)sizeof 1l,
           (int)sizeof 1ul, (int)sizeof 1ll, (int)sizeof 1ull, (int)sizeof 1LL, (int)sizeof 1Ul);
    printf("-1l < 1u: %d (long and unsigned int are both 32-bit: unsigned wins)\n", -1l < 1u);
    printf("-1ll < 1u: %d\n", -1ll < 1u);
    printf("4294967295 is long long: %d, 4294967295 > -1: %d\n", (int)sizeof 4294967295 == 8, 4294967295 > -1);
    printf("2147483648u: %u, sizeof %d\n", 2147483648u, (int)sizeof 2147483648u);
    /* character constants are int */
    printf("sizeof 'a' = %d, 'ab' not used; '\\377' = %d\n", (int)sizeof 'a', '\377');
    /* octal, hex, decimal spellings of the same number */
    printf("255 = %d %d %d\n", 0377, 0xff, 0XFF);
    printf("0 = %d, 00 = %d, 0x0 = %d\n", 0, 00, 0x0);
    printf("long arithmetic wraps like int: %lu\n", 4000000000ul + 500000000ul);
    return 0;
}
