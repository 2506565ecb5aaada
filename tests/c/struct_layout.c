// native: differs (sizes and offsets of long and pointers under ILP32)
/* Struct and union layout: sizes, padding and offsets (computed with
   pointer differences), nested aggregates. */
#include <stdio.h>

struct a {
    char c;
    int i;
    char d;
};

struct b {
    char c;
    short s;
    char d;
    long long ll;
    char e;
};

struct c {
    double d;
    char c;
};

struct with_ptr {
    char c;
    void *p;
    long l;
    short s;
};

struct nested {
    char tag;
    struct a inner;
    char arr[3];
    struct c tail[2];
};

union u {
    char c[5];
    int i;
    double d;
};

union small {
    char c;
    short s;
};

struct holds_union {
    char k;
    union u v;
};

#define OFF(var, field) ((int)((char *)&(var).field - (char *)&(var)))

int main(void)
{
    struct a sa;
    struct b sb;
    struct c sc;
    struct with_ptr wp;
    struct nested n;
    union u un;
    struct holds_union hu;

    printf("struct a: size %d, c@%d i@%d d@%d\n", (int)sizeof sa, OFF(sa, c), OFF(sa, i), OFF(sa, d));
    printf("struct b: size %d, c@%d s@%d d@%d ll@%d e@%d\n", (int)sizeof sb, OFF(sb, c), OFF(sb, s), OFF(sb, d),
           OFF(sb, ll), OFF(sb, e));
    printf("struct c: size %d, d@%d c@%d\n", (int)sizeof sc, OFF(sc, d), OFF(sc, c));
    printf("struct with_ptr: size %d, c@%d p@%d l@%d s@%d\n", (int)sizeof wp, OFF(wp, c), OFF(wp, p), OFF(wp, l),
           OFF(wp, s));
    printf("struct nested: size %d, tag@%d inner@%d inner.d@%d arr@%d tail@%d tail[1].c@%d\n", (int)sizeof n,
           OFF(n, tag), OFF(n, inner), OFF(n, inner.d), OFF(n, arr), OFF(n, tail), OFF(n, tail[1].c));
    printf("union u: size %d, all members at %d %d %d\n", (int)sizeof un, OFF(un, c), OFF(un, i), OFF(un, d));
    printf("union small: size %d\n", (int)sizeof(union small));
    printf("struct holds_union: size %d, v@%d\n", (int)sizeof hu, OFF(hu, v));
    printf("array of 3 struct a: %d, of 3 union small: %d\n", (int)sizeof(struct a[3]), (int)sizeof(union small[3]));
    printf("sizeof: char %d short %d int %d long %d long long %d float %d double %d pointer %d\n", (int)sizeof(char),
           (int)sizeof(short), (int)sizeof(int), (int)sizeof(long), (int)sizeof(long long), (int)sizeof(float),
           (int)sizeof(double), (int)sizeof(void *));
    {
        /* consecutive array elements are sizeof apart */
        struct b arr[2];
        printf("&arr[1] - &arr[0] in bytes: %d\n", (int)((char *)&arr[1] - (char *)&arr[0]));
    }
    /* union members share storage (little-endian) */
    un.i = 0x41424344;
    printf("union bytes: %c%c%c%c\n", un.c[0], un.c[1], un.c[2], un.c[3]);
    return 0;
}
