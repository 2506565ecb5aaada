/* The conditional operator: result types, nesting, null pointers,
   use in initialisers and as function arguments. */
#include <stdio.h>

static int max3(int a, int b, int c) { return a > b ? (a > c ? a : c) : (b > c ? b : c); }

static const char *plural(int n) { return n == 1 ? "" : "s"; }

int main(void)
{
    int i;
    int a = -1;
    unsigned int u = 1;
    int *p = 0;
    int x = 5;
    double d;
    long long big;

    /* usual arithmetic conversions apply between the two arms */
    printf("(1 ? a : u) = %u\n", 1 ? a : u);
    printf("(1 ? a : 2.0) = %f\n", 1 ? a : 2.0);
    printf("sizeof(1 ? (char)1 : (char)2) = %d\n", (int)sizeof(1 ? (char)1 : (char)2));
    big = 0 ? 1 : 3000000000ll;
    printf("big = %lld\n", big);
    d = x > 3 ? x / 2 : x / 2.0;
    printf("d = %f (int division chosen, converted)\n", d);
    /* pointer and null pointer constant */
    p = x ? &x : 0;
    printf("*p = %d\n", *p);
    printf("%s\n", p ? "non-null" : "null");
    for (i = 0; i < 3; i++)
        printf("%d file%s\n", i, plural(i));
    printf("max3: %d %d %d\n", max3(1, 2, 3), max3(3, 2, 1), max3(2, 3, 1));
    {
        /* right associativity */
        int n;
        for (n = -2; n <= 2; n++)
            printf("%s ", n < 0 ? "neg" : n == 0 ? "zero" : n == 1 ? "one" : "many");
        printf("\n");
    }
    {
        /* void arms */
        int hits = 0;
        for (i = 0; i < 5; i++)
            i % 2 ? (void)hits++ : (void)0;
        printf("hits = %d\n", hits);
    }
    {
        /* struct arms */
        struct pt {
            int x, y;
        } p1 = {1, 2}, p2 = {3, 4}, r;
        r = x > 0 ? p2 : p1;
        printf("r = (%d, %d)\n", r.x, r.y);
    }
    return 0;
}
