// native: differs (long is 32-bit on wasm32)
/* Conversions in mixed expressions: struct members of returned structs, narrow
   assignments as values, ?: result types, shifts, compound assignment, short-circuit
   side effects, long long/unsigned mixes. */
#include <stdio.h>
struct P { int x; int arr[3]; unsigned char uc; };
struct P mk(int v) { struct P p = { v, { v + 1, v + 2, v + 3 }, (unsigned char)(v * 100) }; return p; }
struct W { int (*fn[2])(int); const char *name; };
int twice(int x) { return 2 * x; }
int neg(int x) { return -x; }
int side;
int bump(void) { return ++side; }
int main(void) {
    printf("%d %d %d\n", mk(5).x, mk(5).arr[2], mk(3).uc);
    char c; int x = (c = 300); printf("%d %d\n", x, c);
    c = 10; printf("%d\n", c += 200);
    unsigned char uc = 5; printf("%d %d %d\n", ~uc, -uc, !uc);
    unsigned u = 5; printf("%u %u\n", -u, ~u);
    printf("%d %d %d\n", (int)sizeof(1 ? 'a' : 2.0), (int)sizeof(1 ? (char)1 : (char)2), (int)sizeof(0 ? 1 : 2LL));
    printf("%f\n", 1 ? 'a' : 2.0);
    printf("%u %d\n", 1 ? 1u : -1, (1 ? 1u : -1) > 0);
    int t = -1; printf("%d\n", (t < 0 ? 0u : 1) - 1 > 0);
    printf("%d %d\n", (char)1 << 8, (int)sizeof(1 << 2LL));
    long long ll = 1; ll <<= 40; printf("%lld\n", ll);
    int sh = 1; sh <<= 30LL; printf("%d\n", sh);
    int m = -17; m %= 5; printf("%d\n", m); m = -17; m /= 5; printf("%d\n", m);
    unsigned short us = 65535; printf("%d\n", (unsigned)us * us > 0);
    printf("%d\n", us + us);
    struct P p = mk(1), *pp = &p;
    pp->uc++; ++pp->uc; pp->arr[1]--; printf("%d %d\n", pp->uc, p.arr[1]);
    pp->uc = 255; pp->uc++; printf("%d\n", p.uc);
    int i = 5; int sz = sizeof(i++); printf("%d %d\n", i, sz);
    struct W w = { { twice, neg }, "w" };
    printf("%d %d %s\n", w.fn[0](21), w.fn[1](w.fn[0](3)), w.name);
    struct W *wp = &w; printf("%d\n", (*wp->fn[1])(8));
    int arr[4] = { 10, 20, 30, 40 };
    int *ptr = 0; ptr = i > 3 ? arr + 1 : 0; printf("%d\n", *ptr);
    int *np = i < 3 ? arr : (int *)0; printf("%d\n", np == 0);
    unsigned long addr = (unsigned long)arr; int *back = (int *)addr; printf("%d\n", back[3]);
    side = 0; int r = bump() || bump(); printf("%d %d\n", r, side);
    side = 0; r = (bump() - 1) && bump(); printf("%d %d\n", r, side);
    side = 0; r = bump() && bump() && (side = 10, 0) || bump(); printf("%d %d\n", r, side);
    long long big = -9223372036854775807LL - 1; printf("%lld %lld\n", big / 2, big % 7);
    unsigned long long ub = 0xffffffffffffffffULL; printf("%llu %llu\n", ub / 3, ub % 1000);
    printf("%lld\n", -5LL * 3 / 2);
    long long mix = 3000000000u; printf("%lld\n", mix);
    long lm = 3000000000u; printf("%ld\n", lm);
    unsigned long long cvt = -1; printf("%llu\n", cvt);
    cvt = (unsigned)-1; printf("%llu\n", cvt);
    cvt = (int)-1; printf("%llx\n", cvt);
    long long sx = (short)-2; printf("%lld\n", sx);
    long long zx = (unsigned short)-2; printf("%lld\n", zx);
    int trunc = 0x123456789LL; printf("%x\n", trunc);
    short st = 0x12345; printf("%d\n", st);
    printf("%d\n", (unsigned char)0x1ff + (signed char)0x80);
    printf("%lld\n", 1LL * 2147483647 * 2);
    printf("%d\n", 2147483647u + 1 > 0);
    printf("%llu\n", 4294967295u + 1ULL);
    printf("%u\n", 4294967295u + 1);
    printf("%lld\n", (long long)-1 * (unsigned)1);
    printf("%lld\n", -1LL * 1u);
    printf("%d\n", -1L < 1u);
    printf("%d\n", -1LL < 1u);
    ll = 5; ll = ll * -1u; printf("%lld\n", ll);
    return 0;
}
