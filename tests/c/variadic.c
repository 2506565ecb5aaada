/* User-defined variadic functions with va_list. */
#include <stdio.h>
#include <stdarg.h>

static int sum_ints(int count, ...)
{
    va_list ap;
    int total = 0, i;
    va_start(ap, count);
    for (i = 0; i < count; i++)
        total += va_arg(ap, int);
    va_end(ap);
    return total;
}

static double average(int count, ...)
{
    va_list ap;
    double total = 0;
    int i;
    va_start(ap, count);
    for (i = 0; i < count; i++)
        total += va_arg(ap, double);
    va_end(ap);
    return count ? total / count : 0;
}

/* A tiny formatter: 'i' int, 'l' long long, 'd' double, 's' string, 'c' char. */
static void show(const char *types, ...)
{
    va_list ap;
    const char *t;
    va_start(ap, types);
    for (t = types; *t; t++) {
        switch (*t) {
        case 'i':
            printf("int:%d ", va_arg(ap, int));
            break;
        case 'l':
            printf("ll:%lld ", va_arg(ap, long long));
            break;
        case 'd':
            printf("double:%g ", va_arg(ap, double));
            break;
        case 's':
            printf("str:%s ", va_arg(ap, const char *));
            break;
        case 'c':
            printf("char:%c ", va_arg(ap, int));
            break;
        }
    }
    va_end(ap);
    printf("\n");
}

static int max_of(int first, ...)
{
    va_list ap;
    int best = first, v;
    va_start(ap, first);
    while ((v = va_arg(ap, int)) >= 0)
        if (v > best)
            best = v;
    va_end(ap);
    return best;
}

int main(void)
{
    char c = 'z';
    short s = -3;
    float f = 1.25f;
    printf("sum_ints: %d %d %d\n", sum_ints(0), sum_ints(3, 1, 2, 3), sum_ints(5, 10, -20, 30, -40, 50));
    printf("average: %g %g\n", average(2, 1.0, 2.0), average(4, 1.5, 2.5, 3.5, 4.5));
    /* char/short promote to int, float to double */
    show("icsd", 42, c, "text", f);
    show("lidi", 1ll << 40, (int)s, -0.5, 7);
    show("");
    printf("max_of: %d\n", max_of(3, 9, 2, 12, 5, -1));
    return 0;
}
