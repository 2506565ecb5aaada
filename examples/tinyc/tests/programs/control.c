// exit: 5
#include <stdio.h>
static int classify(int c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case ' ': return 2;
    default:
        if (c >= '0' && c <= '9') return 3;
        return 0;
    }
}
static int fall(int n) {
    int r = 0;
    switch (n) {
    case 0: r += 1;
    case 1: r += 10;
    case 2: r += 100; break;
    case 1000000: r = -1; break;
    case -7: r = -7;
    }
    return r;
}
static long long big(long long v) {
    switch (v) { case 1LL << 40: return 1; case -1: return 2; default: return 3; }
}
static void duff(char *to, const char *from, int count) {
    int n = (count + 7) / 8;
    switch (count % 8) {
    case 0: do { *to++ = *from++;
    case 7: *to++ = *from++;
    case 6: *to++ = *from++;
    case 5: *to++ = *from++;
    case 4: *to++ = *from++;
    case 3: *to++ = *from++;
    case 2: *to++ = *from++;
    case 1: *to++ = *from++;
            } while (--n > 0);
    }
}
int main(void) {
    const char *s = "hello world 42";
    int counts[4] = {0};
    for (const char *p = s; *p; p++) counts[classify(*p)]++;
    printf("%d %d %d %d\n", counts[0], counts[1], counts[2], counts[3]);
    for (int i = -8; i < 4; i++) printf("%d ", fall(i));
    printf("%d\n", fall(1000000));
    printf("%lld %lld %lld\n", big(1LL << 40), big(-1), big(5));
    char buf[32] = {0};
    duff(buf, "abcdefghijklmnopqrstu", 21);
    printf("%s\n", buf);
    int i = 0, total = 0;
    do { total += i; i++; if (i == 3) continue; if (i > 9) break; } while (i < 100);
    printf("%d %d\n", i, total);
    int found = 0;
    for (int a = 0; a < 10; a++) {
        for (int b = 0; b < 10; b++) {
            if (a * b == 42) { found = a * 100 + b; goto done; }
            if (b > a) break;
        }
    }
done:
    printf("found %d\n", found);
    int n = 0;
loop:
    n++;
    if (n < 5) goto loop;
    printf("n %d\n", n);
    int w = 0;
    while (1) { if (++w >= 10) break; if (w % 2) continue; w += 0; }
    printf("w %d\n", w);
    int x = 5, y = 0;
    if (x > 3 && (y = 7)) printf("and %d\n", y);
    if (x < 3 || (y = 9)) printf("or %d\n", y);
    if (!(x < 3) && !0) printf("not\n");
    int k = 0;
    for (;;) { if (k++ > 3) break; }
    switch (k) { }
    switch (k) { default: printf("default only %d\n", k); }
    int z = x > 2 ? x < 10 ? 1 : 2 : 3;
    printf("%d %d\n", z, (x && 0) + (x || 0) * 2);
    return k;
}
