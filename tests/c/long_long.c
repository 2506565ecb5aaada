/* 64-bit integer arithmetic. */
#include <stdio.h>

static unsigned long long mulmod(unsigned long long a, unsigned long long b, unsigned long long m)
{
    unsigned long long r = 0;
    a %= m;
    while (b) {
        if (b & 1)
            r = (r + a) % m;
        a = (a * 2) % m;
        b >>= 1;
    }
    return r;
}

static unsigned long long powmod(unsigned long long b, unsigned long long e, unsigned long long m)
{
    unsigned long long r = 1;
    while (e) {
        if (e & 1)
            r = mulmod(r, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    return r;
}

static int is_prime(unsigned long long n)
{
    unsigned long long d;
    if (n < 2)
        return 0;
    for (d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

int main(void)
{
    long long a = 123456789012345ll, b = -987654321ll;
    unsigned long long u = 0xDEADBEEFCAFEBABEull;
    long long fact = 1;
    int i;

    printf("a+b=%lld a-b=%lld a*3=%lld a/b=%lld a%%b=%lld\n", a + b, a - b, a * 3, a / b, a % b);
    printf("u=%llu u>>32=%llx u*3=%llx\n", u, u >> 32, u * 3);
    for (i = 1; i <= 20; i++)
        fact *= i;
    printf("20! = %lld\n", fact);
    printf("powmod(2, 1000, 1e9+7) = %llu\n", powmod(2, 1000, 1000000007ull));
    printf("powmod(3, 2^40, 2^61-1) = %llu\n", powmod(3, 1ull << 40, (1ull << 61) - 1));
    printf("is_prime(1000000007) = %d, is_prime(1000000011) = %d\n", is_prime(1000000007ull), is_prime(1000000011ull));
    {
        /* mixing int and long long */
        int x = 2000000000;
        long long y = (long long)x * 4;
        long long z = x * 4ll;
        unsigned int ux = 4000000000u;
        long long w = ux;
        printf("y=%lld z=%lld w=%lld -x*2ll=%lld\n", y, z, w, -x * 2ll);
    }
    {
        /* comparisons across the sign boundary */
        long long n = -1;
        unsigned long long m = 1;
        printf("-1ll < 1ull: %d, (unsigned long long)-1 = %llu\n", n < (long long)m, (unsigned long long)n);
    }
    {
        /* a 64-bit LCG and its high bits */
        unsigned long long s = 42;
        for (i = 0; i < 4; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            printf("pcg-ish %d: %016llx %u\n", i, s, (unsigned)(s >> 33));
        }
    }
    {
        /* long long division and shifts with negative numbers */
        long long n = -1000000000000ll;
        printf("%lld %lld %lld %lld\n", n / 7, n % 7, n >> 10, -(n / -3));
    }
    return 0;
}
