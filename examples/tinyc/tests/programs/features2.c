#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef int (*binop)(int, int);
struct ops { const char *name; binop fn; };
static int add(int a, int b) { return a + b; }
static int mul(int a, int b) { return a * b; }
static struct ops table[] = {{"add", add}, {"mul", mul}};
struct pair { int a; double b; };
static struct pair mk(int a) { struct pair p = {a, a / 2.0}; return p; }
static int is_even(int n);
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }

static double avg(int n, ...) {
    va_list ap;
    double s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s / n;
}
static long long sumll(const char *fmt, ...) {
    va_list ap;
    long long s = 0;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt == 'i') s += va_arg(ap, int);
        else if (*fmt == 'L') s += va_arg(ap, long long);
        else if (*fmt == 'p') s += *va_arg(ap, int *);
        else if (*fmt == 'c') s += va_arg(ap, int);
    }
    va_end(ap);
    return s;
}
size_t my_strlen(const char *s) { size_t n = 0; while (*s++) n++; return n; }

int main() {
    for (int i = 0; i < 2; i++) printf("%s %d\n", table[i].name, table[i].fn(6, 7));
    struct ops *op = &table[1];
    printf("%d %d\n", op->fn(3, 4), (*op->fn)(5, 5));
    printf("%d %.2f\n", mk(7).a, mk(7).b);
    struct pair p1 = mk(1), p2 = mk(2);
    struct pair p3 = p1.a > 5 ? p1 : p2;
    printf("%d %.1f\n", p3.a, p3.b);
    printf("%d %d\n", is_even(10), is_odd(7));
    printf("%.3f\n", avg(3, 1.0, 2.5, 4.0f));
    int v = 40;
    printf("%lld\n", sumll("iLpc", 1, 1LL << 35, &v, 'x'));
    int m[3][4];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) m[i][j] = i * 10 + j;
    int (*row)[4] = m + 1;
    printf("%d %d %d\n", (*row)[2], row[1][3], (int)(sizeof m / sizeof m[0]));
    int local2d[2][3] = {{1, 2, 3}, {4, 5, 6}};
    char greet[] = "hi" " there";
    char small[4] = {'a', 'b'};
    struct pair lp[2] = {{1, 1.5}, {2}};
    printf("%d %s %d %s %.1f %.1f\n", local2d[1][2], greet, (int)sizeof greet, small, lp[0].b, lp[1].b);
    int a, b, c;
    a = b = c = 7;
    printf("%d %c %c %d\n", a + b + c, "xyz"[1], *("abc" + 2), '\0' + '\\' + '\'');
    printf("%s\n", "\101\102\x43\t|");
    unsigned long long x = ~0ULL;
    int neg = -3;
    printf("%llu %llu %lld %lld\n", x >> 60, x + neg, -7LL / 2, -7LL % 2);
    double big = 3000000000.0;
    unsigned int ub = (unsigned int)big;
    printf("%u %.1f %.1f\n", ub, (double)ub, (double)4000000000u);
    float f = 0.1f;
    f = f * 3 + 1;
    printf("%.10f %d\n", f, f == 1.3f);
    for (int i = 0, j = 10; i < j; i += 3, j--) printf("%d,%d ", i, j);
    printf("\n");
    int *pp = NULL;
    printf("%d %d\n", pp == NULL, !pp);
    int arr[5] = {1, 2, 3, 4, 5};
    int *end = arr + 5;
    printf("%d %d\n", end[-1], (int)(end - arr));
    uintptr_t addr = (uintptr_t)&arr[2];
    int *back = (int *)addr;
    printf("%d\n", *back);
    static int sarr[4] = {9, 8};
    sarr[3]++;
    printf("%d %d %d\n", sarr[0], sarr[2], sarr[3]);
    printf("%d %d\n", (int)my_strlen("hello"), (int)strlen("four"));
    char *dyn = malloc(16);
    memset(dyn, 'z', 15);
    dyn[15] = 0;
    dyn = realloc(dyn, 32);
    printf("%s %d\n", dyn, memcmp(dyn, "zzz", 3));
    free(dyn);
    int *cal = calloc(4, sizeof(int));
    printf("%d\n", cal[0] + cal[3]);
    extern int gcount;
    gcount += 2;
    printf("%d\n", gcount);
    printf("%d %d\n", abs(-5), atoi("  -123x"));
    printf("%5d|%-5d|%05d|%+d|%x|%X|%#x|%c|%%|%10.3s|\n", 42, 42, 42, 42, 255, 255, 255, 'q', "abcdef");
    return 0;
}
int gcount = 40;
