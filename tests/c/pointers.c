/* Pointers: arithmetic, comparison, differences, pointers to pointers,
   void pointers, const, and pointers into structs and arrays. */
#include <stdio.h>
#include <stddef.h>

static void swap(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

static int sum(const int *begin, const int *end)
{
    int s = 0;
    while (begin < end)
        s += *begin++;
    return s;
}

static void set_ptr(int **pp, int *target)
{
    *pp = target;
}

static void reverse(char *s)
{
    char *e = s;
    while (*e)
        e++;
    while (s < --e) {
        char t = *s;
        *s++ = *e;
        *e = t;
    }
}

int main(void)
{
    int a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int *p = a, *q = &a[7];
    int x = 1, y = 2;
    int *r = 0;
    void *v;
    char buf[16] = "pointers";
    double dd[3] = {1.5, 2.5, 3.5};
    double *dp = dd;
    ptrdiff_t diff;

    swap(&x, &y);
    printf("swap: x=%d y=%d\n", x, y);
    printf("q - p = %d, p < q: %d, p + 7 == q: %d, p[3] = %d, 3[p] = %d\n", (int)(q - p), p < q, p + 7 == q, p[3], 3[p]);
    printf("*(p + 2) = %d, *(q - 2) = %d, q[-1] = %d\n", *(p + 2), *(q - 2), q[-1]);
    printf("sum(a, a+8) = %d, sum of middle = %d\n", sum(a, a + 8), sum(a + 2, a + 6));
    diff = &a[6] - &a[1];
    printf("&a[6] - &a[1] = %d\n", (int)diff);
    printf("one-past-end compare: %d\n", a + 8 > q);

    set_ptr(&r, &a[5]);
    printf("*r = %d\n", *r);
    {
        int **pp = &r;
        **pp = 60;
        printf("a[5] via **pp = %d\n", a[5]);
        *pp += 1;
        printf("*r after *pp += 1: %d\n", *r);
    }

    v = a;
    p = (int *)v + 1;
    printf("through void*: %d\n", *p);
    v = dd;
    printf("double via void*: %f\n", ((double *)v)[2]);
    printf("dp + 1 - dp = %d, bytes apart = %d\n", (int)(dp + 1 - dp), (int)((char *)(dp + 1) - (char *)dp));

    reverse(buf);
    printf("reversed: %s\n", buf);
    {
        /* walk a byte view of an int (little-endian) */
        unsigned int w = 0x11223344u;
        unsigned char *bp = (unsigned char *)&w;
        printf("bytes: %x %x %x %x\n", bp[0], bp[1], bp[2], bp[3]);
    }
    {
        /* pointer to array and array of pointers */
        int (*pa)[8] = &a;
        const char *names[] = {"zero", "one", "two"};
        const char **np = names;
        printf("(*pa)[4] = %d, sizeof *pa = %d\n", (*pa)[4], (int)sizeof *pa);
        np++;
        printf("*np = %s, np[1][1] = %c\n", *np, np[1][1]);
    }
    {
        /* const-correct pointers */
        const int ci = 42;
        const int *cp = &ci;
        int z = 7;
        int *const fixed = &z;
        *fixed = 8;
        printf("*cp = %d, z = %d\n", *cp, z);
    }
    printf("null pointer is %s\n", r == 0 ? "null" : "not null");
    r = NULL;
    printf("now r is %s\n", !r ? "null" : "not null");
    return 0;
}
