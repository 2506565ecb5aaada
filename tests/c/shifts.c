/* Shifts of every integer width, signed and unsigned. */
#include <stdio.h>

int main(void)
{
    int i;
    unsigned int u = 0x80000001u;
    int neg = -20;
    long long ll = 1;
    unsigned long long ull = 0xF000000000000000ull;
    unsigned char uc = 0x81;
    signed char sc = -128;

    for (i = 0; i < 32; i += 5)
        printf("1 << %d = %d, u >> %d = %u, u << %d = %u\n", i, 1 << i, i, u >> i, i, u << i);
    printf("-20 >> 1 = %d, -20 >> 2 = %d, -1 >> 31 = %d\n", neg >> 1, neg >> 2, -1 >> 31);
    printf("ll << 40 = %lld, ll << 62 = %lld\n", ll << 40, ll << 62);
    printf("ull >> 60 = %llu, ull >> 4 = %llx\n", ull >> 60, ull >> 4);
    printf("(long long)-256 >> 4 = %lld\n", (long long)-256 >> 4);
    printf("uc << 1 = %d (promoted), (unsigned char)(uc << 1) = %d\n", uc << 1, (unsigned char)(uc << 1));
    printf("sc >> 3 = %d\n", sc >> 3);
    printf("0xFFu >> 4 << 4 = %u\n", 0xFFu >> 4 << 4);
    {
        /* shift count from a variable, and in compound assignment */
        unsigned int x = 1;
        int n = 3;
        x <<= n;
        x <<= n;
        printf("1 <<= 3 twice = %u\n", x);
        x >>= 2;
        printf(">>= 2 -> %u\n", x);
        ll = 0x123456789ll;
        n = 33;
        printf("0x123456789 >> 33 = %lld, << 20 = %llx\n", ll >> n, (unsigned long long)ll << 20);
    }
    {
        /* rotate built from shifts */
        unsigned int v = 0x12345678u;
        int r;
        for (r = 0; r < 32; r += 8)
            printf("rotl(%d) = %08x\n", r, (v << r) | (v >> ((32 - r) & 31)));
    }
    /* shift binds weaker than + */
    printf("1 << 2 + 1 = %d\n", 1 << 2 + 1);
    return 0;
}
