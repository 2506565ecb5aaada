#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <limits.h>

struct point { int x, y; };
struct rect { struct point a, b; char name[8]; };
union conv { float f; unsigned int u; unsigned char b[4]; };
typedef struct { long long big; short s; char c; } mixed;
enum color { RED, GREEN = 5, BLUE, ALPHA = -2 };

static int counter(void) { static int n = 0; return ++n; }
static struct point add(struct point p, struct point q) { struct point r; r.x = p.x + q.x; r.y = p.y + q.y; p.x = 99; return r; }
static struct rect mkrect(int w, int h) { struct rect r = {{0, 0}, {w, h}, "box"}; return r; }
static int sq(int x) { return x * x; }
static int neg(int x) { return -x; }
static int (*ops[])(int) = {sq, neg};
int garr[3][4] = {{1, 2, 3, 4}, {5, 6}, {7}};
int *gp = &garr[1][1];
const char *names[] = {"zero", "one", "two"};
char gs[] = "hello";
char gs2[10] = "hi";
struct point gpts[] = {{1, 2}, {3, 4}, 5, 6};
double gd = 1.5e3;
float gf = 2.25f;
unsigned long long gull = 18446744073709551615ULL;
long long gll = -9223372036854775807LL - 1;

int sum2d(int a[][4], int rows) { int s = 0; for (int i = 0; i < rows; i++) for (int j = 0; j < 4; j++) s += a[i][j]; return s; }

int main(void) {
    /* literals and their types */
    printf("%d %d %d\n", (int)sizeof(2147483647), (int)sizeof(2147483648), (int)sizeof(0xffffffff));
    printf("%d %d %d %d\n", (int)sizeof(1u), (int)sizeof(1l), (int)sizeof(1ll), (int)sizeof(0x100000000));
    printf("%d %d\n", -1 < 0u, -1L < 1UL);
    printf("%u %d %x %o\n", 0xffffffffu, 017, 0x7fffffff, 8);
    printf("%d %d %d\n", 'a', '\n', '\x7f');
    char c = '\xff';
    unsigned char uc = 200;
    signed char sc = -100;
    printf("%d %d %d\n", c, uc, sc);
    uc += 100; sc -= 100; c++;
    printf("%d %d %d\n", uc, sc, c);
    short sh = 32767; sh++; unsigned short us = 0; us--;
    printf("%d %u\n", sh, us);
    /* promotions and conversions */
    unsigned int u = 3000000000u;
    int i = -5;
    printf("%u %d %u\n", u + i, (int)(u / 7), (unsigned)i >> 28);
    printf("%d %d %d %d\n", i / 2, i % 3, i >> 1, -i << 3);
    long long ll = 1LL << 40;
    printf("%lld %lld %llu\n", ll * 3 + i, ll / -7, (unsigned long long)ll * 1000000ULL);
    printf("%llu %lld\n", gull / 3, gll);
    printf("%d %u\n", INT_MIN, UINT_MAX);
    double d = 7.9; float f = -2.5f;
    printf("%d %d %f %f\n", (int)d, (int)f, (double)(i / 2), d / 2);
    printf("%u %lld %.3f\n", (unsigned)d, (long long)(d * 1e10), (float)1 / 3);
    /* structs, unions */
    struct point p = {1, 2}, q = {10, 20};
    struct point r = add(p, q);
    printf("%d %d %d\n", r.x, r.y, p.x);
    struct rect rc = mkrect(3, 4);
    printf("%s %d %d %d\n", rc.name, rc.b.x, rc.b.y, (int)sizeof(struct rect));
    struct rect rc2; rc2 = rc; rc2.name[0] = 'B';
    printf("%s %s\n", rc.name, rc2.name);
    union conv cv; cv.f = 1.0f;
    printf("%x %d %d\n", cv.u, cv.b[3], (int)sizeof(union conv));
    mixed m = {123456789012LL, -3, 'z'};
    printf("%lld %d %c %d\n", m.big, m.s, m.c, (int)sizeof(mixed));
    printf("%d %d %d %d\n", RED, GREEN, BLUE, ALPHA);
    /* function pointers, static locals */
    printf("%d %d %d\n", ops[0](7), ops[1](7), (*ops[0])(3));
    counter(); counter();
    printf("%d\n", counter());
    /* arrays and pointers */
    printf("%d %d %d %d\n", garr[0][3], garr[1][1], garr[2][0], *gp);
    printf("%d\n", sum2d(garr, 3));
    printf("%s %s %s %d\n", names[2], gs, gs2, (int)sizeof(gs));
    printf("%d %d %d\n", gpts[2].x, gpts[2].y, (int)(sizeof gpts / sizeof gpts[0]));
    int arr[10];
    for (int k = 0; k < 10; k++) arr[k] = k * k;
    int *pa = arr, *pb = &arr[7];
    printf("%d %d %d %d\n", (int)(pb - pa), *pb--, *++pa, pb[-1]);
    printf("%d %d\n", pa < pb, pa == &arr[1]);
    char buf[32];
    strcpy(buf, "abc");
    buf[1] = 'X';
    printf("%s %d %d\n", buf, (int)strlen(buf), strcmp(buf, "aXc"));
    printf("%.1f %.2f\n", gd, gf);
    /* compound, comma, ternary */
    int x = 10;
    x += 5; x -= 2; x *= 3; x /= 2; x %= 7; x <<= 4; x >>= 1; x &= 0xff; x |= 0x100; x ^= 3;
    printf("%d\n", x);
    int y = (x++, x++, x);
    printf("%d %d\n", y, x > 300 ? 1 : x < 0 ? -1 : 0);
    const char *s = y ? "yes" : NULL;
    printf("%s\n", s);
    uint8_t b8 = 255; b8 += 2; int8_t i8 = 127; i8++;
    uint16_t b16 = 65535; b16 *= b16;
    printf("%d %d %d\n", b8, i8, b16);
    int64_t big = INT64_MAX; uint64_t ubig = UINT64_MAX;
    printf("%lld %llu %d\n", big, ubig, (int)sizeof(size_t));
    return 0;
}
