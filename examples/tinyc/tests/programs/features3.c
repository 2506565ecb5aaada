#include <stdio.h>
#include <string.h>

struct vec { int n; int data[4]; };
struct item { char name[6]; short qty; double price; };
struct inv { int count; struct item items[3]; };
static struct inv stock = {2, {{"nut", 10, 0.25}, {"bolt", 5, 1.5}}};
static const int primes[] = {2, 3, 5, 7, 11, 13};

static char *itoa_buf(int v) {
    static char buf[16];
    char *p = buf + 15;
    int neg = v < 0;
    unsigned u = neg ? -(unsigned)v : (unsigned)v;
    *p = 0;
    do { *--p = '0' + u % 10; u /= 10; } while (u);
    if (neg) *--p = '-';
    return p;
}
static struct vec scale(struct vec v, int k) {
    for (int i = 0; i < v.n; i++) v.data[i] *= k;
    return v;
}
static int deep(struct vec v, int d) { return d == 0 ? v.data[0] : deep(v, d - 1) + 1; }

int main(int argc, char **argv) {
    char **ap = argv;
    printf("%d %d\n", argc, *++ap == NULL);
    printf("%d %d %d\n", '7' - '0', (char)300, (short)70000);
    printf("%d %d %u\n", (unsigned char)-1, (signed char)200, (unsigned short)-2);
    unsigned n = 5, cnt = 0;
    for (unsigned i = n; i-- > 0;) cnt += i;
    printf("%u %u %d\n", cnt, 1u << 31, -16 >> 2);
    unsigned wrap = 4000000000u;
    wrap += 500000000u;
    printf("%u %u\n", wrap, 0u - 1u);
    int i = -1;
    unsigned u = 1;
    printf("%d %u\n", i < u, 1 ? i : u);
    printf("%.4f %.1f\n", 0x1.8p1, 1e2);
    struct vec v = {3, {1, 2, 3}};
    struct vec w = scale(v, 10);
    printf("%d %d %d | %d %d\n", w.data[0], w.data[2], w.data[3], v.data[0], deep(v, 50));
    struct vec copy;
    copy = w;
    copy.data[1] = -1;
    printf("%d %d\n", w.data[1], copy.data[1]);
    printf("%s %d %.2f %s %d\n", stock.items[0].name, stock.items[0].qty, stock.items[1].price,
           stock.items[1].name, (int)sizeof(struct item));
    printf("%s %s %s\n", itoa_buf(-1234), itoa_buf(0), itoa_buf(2147483647));
    printf("%d %d\n", primes[5], (int)(sizeof primes / sizeof *primes));
    const char *s = "abc";
    int len = 0;
    while (*s++) len++;
    printf("%d\n", len);
    long l = 123456789L;
    printf("%ld %lu %d\n", l * 10, (unsigned long)-1, (int)sizeof(long));
    double d = 2.5;
    d += 1; d *= 2; d /= 4; d -= 0.25;
    printf("%.3f %d\n", d, d > 1.5);
    int x = 3;
    int *px = &x, **ppx = &px;
    **ppx = 9;
    printf("%d\n", x);
    char text[20];
    strcpy(text, "hello");
    char *e = strchr(text, 'l');
    printf("%s %d %d\n", e, (int)(e - text), strncmp(text, "help", 3));
    memmove(text + 1, text, 5);
    printf("%s\n", text);
    long long acc = 0;
    for (int k = 0; k < 64; k += 7) acc ^= 1LL << k;
    printf("%llx %llx\n", acc, acc >> 3);
    int neg_mod = -17 % 5, neg_div = -17 / 5;
    printf("%d %d\n", neg_mod, neg_div);
    return 0;
}
