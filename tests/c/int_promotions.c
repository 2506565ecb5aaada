/* Integer promotions and the usual arithmetic conversions, with the
   signed/unsigned edge cases. */
#include <stdio.h>

int main(void)
{
    unsigned char uc = 200;
    signed char sc = -100;
    unsigned short us = 65535;
    short ss = -32768;
    unsigned int ui = 1;
    int i = -1;
    long long ll = -1;
    unsigned long long ull = 1;

    /* char and short promote to int before arithmetic */
    printf("uc+uc = %d\n", uc + uc);
    printf("sc*sc = %d\n", sc * sc);
    printf("us*us as unsigned = %u\n", (unsigned)us * us);
    printf("ss-1 = %d\n", ss - 1);
    printf("~uc = %d\n", ~uc);
    printf("-uc = %d\n", -uc);
    printf("sizeof(uc+uc) = %d\n", (int)sizeof(uc + uc));
    printf("sizeof(+sc) = %d\n", (int)sizeof(+sc));

    /* int vs unsigned int: int converts to unsigned */
    printf("-1 < 1u: %d\n", i < ui);
    printf("-1 > 1u: %d\n", i > ui);
    printf("-1 + 0u = %u\n", i + 0u);
    printf("(-1 + 0u) / 2 = %u\n", (i + 0u) / 2);
    printf("-7 / 2u = %u\n", -7 / 2u);

    /* long long vs unsigned int: unsigned int converts to long long */
    printf("-1LL < 1u: %d\n", ll < ui);
    printf("-1LL < 1ULL: %d\n", ll < ull);
    printf("-1LL + 0ULL = %llu\n", ll + 0ULL);

    /* unsigned short promotes to (signed) int */
    printf("us > -1: %d\n", us > -1);
    printf("uc > -1: %d\n", uc > -1);
    /* comparisons between promoted chars */
    printf("sc < uc: %d\n", sc < uc);

    /* mixed int/double */
    printf("7 / 2 = %d, 7 / 2.0 = %f, 7u / 2 = %u\n", 7 / 2, 7 / 2.0, 7u / 2);
    printf("1 + 0.5f = %f\n", 1 + 0.5f);
    printf("'a' + 1 = %d\n", 'a' + 1);
    printf("(char)('a' + 1) = %c\n", (char)('a' + 1));

    /* conversions on assignment */
    {
        unsigned char c = 300;
        signed char d = (signed char)130;
        unsigned int u = -5;
        short s = (short)70000;
        int back = (int)4294967295u;
        printf("300 -> uchar %d, 130 -> schar %d, -5 -> uint %u, 70000 -> short %d, UINT_MAX -> int %d\n", c, d, u, s,
               back);
    }
    /* bool-like results are int */
    printf("(3 > 2) + (2 > 3) + !0 + !5 = %d\n", (3 > 2) + (2 > 3) + !0 + !5);
    return 0;
}
