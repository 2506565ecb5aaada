/* Function pointers: variables, tables, parameters, return values,
   a generic sort with a comparator, a dispatch table. */
#include <stdio.h>

typedef int (*cmp_fn)(const void *, const void *);
typedef double (*unary)(double);

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int divi(int a, int b) { return b ? a / b : 0; }

static int (*ops[4])(int, int) = {add, sub, mul, divi};
static const char opchars[] = "+-*/";

static int cmp_int_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b) { return cmp_int_asc(b, a); }

static int cmp_str(const void *a, const void *b)
{
    const char *s = *(const char *const *)a;
    const char *t = *(const char *const *)b;
    while (*s && *s == *t) {
        s++;
        t++;
    }
    return (unsigned char)*s - (unsigned char)*t;
}

/* insertion sort over any element type */
static void sort(void *base, int n, int size, cmp_fn cmp)
{
    char *b = (char *)base;
    char tmp[64];
    int i, j, k;
    for (i = 1; i < n; i++) {
        for (k = 0; k < size; k++)
            tmp[k] = b[i * size + k];
        j = i - 1;
        while (j >= 0 && cmp(b + j * size, tmp) > 0) {
            for (k = 0; k < size; k++)
                b[(j + 1) * size + k] = b[j * size + k];
            j--;
        }
        for (k = 0; k < size; k++)
            b[(j + 1) * size + k] = tmp[k];
    }
}

static double twice(double x) { return 2 * x; }
static double square(double x) { return x * x; }
static double plus_one(double x) { return x + 1; }

static double apply_all(unary *fs, int n, double x)
{
    int i;
    for (i = 0; i < n; i++)
        x = fs[i](x);
    return x;
}

static unary pick(int which)
{
    return which == 0 ? twice : which == 1 ? square : plus_one;
}

static int (*get_op(char c))(int, int)
{
    int i;
    for (i = 0; i < 4; i++)
        if (opchars[i] == c)
            return ops[i];
    return 0;
}

struct handler {
    const char *name;
    void (*fn)(int *);
};

static void h_inc(int *v) { (*v)++; }
static void h_dbl(int *v) { *v *= 2; }
static void h_neg(int *v) { *v = -*v; }

int main(void)
{
    int i;
    int nums[] = {5, -3, 12, 0, 7, 7, -10, 1};
    const char *words[] = {"pear", "apple", "fig", "banana", "apricot"};
    unary chain[] = {plus_one, square, twice};
    struct handler hs[] = {{"inc", h_inc}, {"dbl", h_dbl}, {"neg", &h_neg}};
    int (*fp)(int, int) = &add;
    int v = 3;

    for (i = 0; i < 4; i++)
        printf("20 %c 6 = %d\n", opchars[i], ops[i](20, 6));
    printf("(*fp)(2, 3) = %d, fp(2, 3) = %d\n", (*fp)(2, 3), fp(2, 3));
    printf("get_op('*')(6, 7) = %d, get_op('%%') is null: %d\n", get_op('*')(6, 7), get_op('%') == 0);

    sort(nums, 8, sizeof nums[0], cmp_int_asc);
    for (i = 0; i < 8; i++)
        printf("%d ", nums[i]);
    printf("\n");
    sort(nums, 8, sizeof nums[0], cmp_int_desc);
    for (i = 0; i < 8; i++)
        printf("%d ", nums[i]);
    printf("\n");
    sort(words, 5, sizeof words[0], cmp_str);
    for (i = 0; i < 5; i++)
        printf("%s ", words[i]);
    printf("\n");

    printf("chain(3) = %g\n", apply_all(chain, 3, 3));
    printf("pick: %g %g %g\n", pick(0)(5), pick(1)(5), pick(2)(5));
    for (i = 0; i < 3; i++) {
        hs[i].fn(&v);
        printf("after %s: %d\n", hs[i].name, v);
    }
    printf("same function compares equal: %d, different: %d\n", fp == add, (void *)fp == (void *)sub);
    return 0;
}
