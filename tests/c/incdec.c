/* Pre/post increment and decrement on every kind of lvalue. */
#include <stdio.h>

struct counter {
    int hits;
    double level;
    char tag;
};

int main(void)
{
    int i = 5, j;
    unsigned char uc = 255;
    signed char sc = -128;
    double d = 0.5;
    int arr[5] = {10, 20, 30, 40, 50};
    int *p = arr;
    struct counter c = {0, 1.0, 'a'};
    struct counter *pc = &c;
    const char *s = "hello";

    j = i++;
    printf("j = i++: i=%d j=%d\n", i, j);
    j = ++i;
    printf("j = ++i: i=%d j=%d\n", i, j);
    j = i--;
    printf("j = i--: i=%d j=%d\n", i, j);
    j = --i;
    printf("j = --i: i=%d j=%d\n", i, j);

    uc++;
    printf("uchar 255++ = %d\n", uc);
    uc--;
    printf("uchar 0-- = %d\n", uc);
    sc--;
    printf("schar -128-- = %d\n", sc);
    d++;
    ++d;
    printf("double ++ twice: %f, ", d);
    printf("d-- gives %f, ", d--);
    printf("then d = %f\n", d);

    printf("*p++ = %d, ", *p++);
    printf("*p = %d, ", *p);
    printf("*++p = %d, ", *++p);
    printf("++*p = %d, ", ++*p);
    printf("(*p)++ = %d, ", (*p)++);
    printf("arr[2] = %d\n", arr[2]);
    p = &arr[4];
    printf("*p-- = %d, ", *p--);
    printf("*p = %d\n", *p);

    c.hits++;
    ++c.hits;
    pc->hits++;
    pc->level--;
    c.tag++;
    printf("struct: hits=%d level=%f tag=%c\n", c.hits, c.level, c.tag);
    arr[0]++;
    arr[arr[0] % 5]--;
    printf("arr = %d %d %d %d %d\n", arr[0], arr[1], arr[2], arr[3], arr[4]);

    while (*s)
        putchar(*s++);
    putchar('\n');
    {
        int n = 0, k;
        for (k = 10; k--;)
            n++;
        printf("for (k = 10; k--;) ran %d times, k = %d\n", n, k);
        k = 0;
        while (k++ < 3)
            ;
        printf("while (k++ < 3) ends with k = %d\n", k);
    }
    {
        long long big = 0xFFFFFFFFll;
        big++;
        printf("long long 0xFFFFFFFF++ = %lld\n", big);
        unsigned int u = 0;
        u--;
        printf("unsigned 0-- = %u\n", u);
    }
    return 0;
}
