/* Bitwise operators and classic bit tricks. */
#include <stdio.h>
#include <stdint.h>

static int popcount(uint32_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

static int popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (int)((x * 0x0101010101010101ull) >> 56);
}

static int clz(uint32_t x)
{
    int n = 0;
    if (x == 0)
        return 32;
    while (!(x & 0x80000000u)) {
        x <<= 1;
        n++;
    }
    return n;
}

static uint32_t reverse_bits(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}

static int is_pow2(unsigned int x) { return x && !(x & (x - 1)); }

int main(void)
{
    unsigned int a = 0xF0F0A5A5u, b = 0x0FF01234u;
    int s = -1;
    unsigned int i;
    printf("a&b=%08x a|b=%08x a^b=%08x ~a=%08x\n", a & b, a | b, a ^ b, ~a);
    printf("~0=%d ~s=%d -1&0xff=%d, -1^1=%d\n", ~0, ~s, -1 & 0xff, -1 ^ 1);
    printf("popcount: %d %d %d %d\n", popcount(0), popcount(0xFFFFFFFFu), popcount(a), popcount(b));
    printf("popcount64: %d %d\n", popcount64(0xFFFFFFFFFFFFFFFFull), popcount64(0x8000000000000001ull));
    printf("clz: %d %d %d %d\n", clz(1), clz(0x80000000u), clz(0x00010000u), clz(0));
    printf("reverse_bits(1)=%08x reverse_bits(0x12345678)=%08x\n", reverse_bits(1), reverse_bits(0x12345678u));
    printf("pow2:");
    for (i = 0; i < 20; i++)
        if (is_pow2(i))
            printf(" %u", i);
    printf("\n");
    {
        /* set, clear, toggle, test */
        unsigned int flags = 0;
        flags |= 1u << 3;
        flags |= 1u << 7;
        flags &= ~(1u << 3);
        flags ^= 1u << 0;
        flags ^= 1u << 31;
        printf("flags=%08x bit7=%d bit3=%d\n", flags, (flags >> 7) & 1, (flags >> 3) & 1);
    }
    {
        /* lowest set bit, sign tricks, swaps without temporaries */
        int x = 40, y = -7;
        unsigned int ux = 40;
        printf("lowest set bit of 40 = %u\n", ux & (0u - ux));
        printf("sign of y = %d, abs via mask = %d\n", (y > 0) - (y < 0), (y ^ (y >> 31)) - (y >> 31));
        x ^= y;
        y ^= x;
        x ^= y;
        printf("xor swap: x=%d y=%d\n", x, y);
    }
    {
        /* packing fields into an int by hand */
        unsigned int packed = 0;
        unsigned int r = 200, g = 100, bl = 50, al = 255;
        packed = (al << 24) | (r << 16) | (g << 8) | bl;
        printf("packed=%08x r=%u g=%u b=%u a=%u\n", packed, (packed >> 16) & 0xff, (packed >> 8) & 0xff, packed & 0xff,
               packed >> 24);
    }
    {
        /* operator precedence: & binds weaker than == */
        int v = 6;
        printf("(v & 2) == 2: %d, v & (2 == 2): %d, v & 2 == 2: %d\n", (v & 2) == 2, v & (2 == 2), v & 2 == 2);
        printf("1 | 2 ^ 3 & 4 = %d\n", 1 | 2 ^ 3 & 4);
    }
    {
        /* 64-bit masks */
        unsigned long long m = 0;
        int k;
        for (k = 0; k < 64; k += 9)
            m |= 1ull << k;
        printf("m=%016llx ~m=%016llx m>>33=%llx\n", m, ~m, m >> 33);
    }
    return 0;
}
