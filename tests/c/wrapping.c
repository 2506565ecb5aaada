/* Wrapping unsigned arithmetic and truncating conversions. */
#include <stdio.h>
#include <stdint.h>

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

int main(void)
{
    unsigned int u = 0;
    unsigned short us = 0;
    unsigned char uc = 250;
    uint64_t big = 0xFFFFFFFFFFFFFFFFull;
    int i;

    u -= 1;
    printf("0u - 1 = %u (0x%x)\n", u, u);
    u += 2;
    printf("UINT_MAX + 2 = %u\n", u);
    us = (unsigned short)(us - 1);
    printf("ushort 0 - 1 = %u\n", (unsigned)us);
    for (i = 0; i < 10; i++)
        uc++;
    printf("uchar 250 + 10 = %d\n", uc);
    big += 5;
    printf("ULLONG_MAX + 5 = %llu\n", (unsigned long long)big);
    printf("0x80000000u * 2 = %u\n", 0x80000000u * 2u);
    printf("0xFFFFFFFFu * 0xFFFFFFFFu = %u\n", 0xFFFFFFFFu * 0xFFFFFFFFu);
    printf("mul hi/lo: %llu\n", (unsigned long long)0xFFFFFFFFu * 0xFFFFFFFFu);
    printf("fnv(\"hello\") = %u\n", hash("hello"));
    printf("fnv(\"\") = %u\n", hash(""));
    printf("(uint8_t)0x1234 = %d, (int8_t)0x80 = %d, (uint16_t)-1 = %d, (int16_t)0x8000 = %d\n", (uint8_t)0x1234,
           (int8_t)0x80, (uint16_t)-1, (int16_t)0x8000);
    printf("(int32_t)0x100000005ull = %d\n", (int32_t)0x100000005ull);
    printf("(uint32_t)-1ll = %u\n", (uint32_t)-1ll);
    {
        /* a linear congruential generator relies on wrapping */
        uint32_t x = 12345;
        for (i = 0; i < 5; i++) {
            x = x * 1103515245u + 12345u;
            printf("lcg %d: %u\n", i, x);
        }
    }
    {
        unsigned int a = 3000000000u, b = 2000000000u;
        printf("a + b = %u, a - b = %u, b - a = %u\n", a + b, a - b, b - a);
        printf("a + b as ull = %llu\n", (unsigned long long)a + b);
    }
    return 0;
}
