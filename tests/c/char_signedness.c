/* Plain char is signed; conversions between char types. */
#include <stdio.h>

int main(void)
{
    char c = (char)200;
    unsigned char uc = 200;
    signed char sc = (signed char)200;
    char s[] = "\x80\xff\x7f";
    int i, count_high = 0;

    printf("(char)200 = %d, (unsigned char)200 = %d, (signed char)200 = %d\n", c, uc, sc);
    printf("c < 0: %d, c == uc: %d, (unsigned char)c == uc: %d\n", c < 0, c == uc, (unsigned char)c == uc);
    printf("bytes of \"\\x80\\xff\\x7f\": %d %d %d\n", s[0], s[1], s[2]);
    for (i = 0; s[i]; i++)
        if ((unsigned char)s[i] >= 0x80)
            count_high++;
    printf("high bytes: %d\n", count_high);
    printf("char arithmetic: %d %d\n", c + 1, (char)(c + 100));
    {
        /* a histogram needs unsigned indices */
        int hist[256] = {0};
        const char *text = "caf\xc3\xa9 na\xc3\xafve";
        const char *p;
        for (p = text; *p; p++)
            hist[(unsigned char)*p]++;
        printf("hist[0xc3]=%d hist['a']=%d hist[0xa9]=%d\n", hist[0xc3], hist['a'], hist[0xa9]);
    }
    {
        /* shifting a negative char after promotion */
        char n = -16;
        printf("n >> 2 = %d, (unsigned char)n >> 2 = %d\n", n >> 2, (unsigned char)n >> 2);
    }
    printf("sizeof(char)=%d sizeof(signed char)=%d sizeof(unsigned char)=%d\n", (int)sizeof(char),
           (int)sizeof(signed char), (int)sizeof(unsigned char));
    return 0;
}
